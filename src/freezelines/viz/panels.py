"""The live widgets' result panels, as HTML: the same sections, rows, words and formats as the
static pages' scripts print (``freezelines-explorer.js``: ``rows``, ``drawDeal``, ``drawPanels``;
``freezelines-deal.js``: ``writeResult``), from the one table :mod:`freezelines.viz.wording`.

Both front ends read the same numbers: the explorer's entries are the static payload's
(:func:`freezelines.viz.explorer.entry_of`), the deal panel's totals the model's sums
(:func:`freezelines.model.deals.from_pieces`). ``tests/test_front_ends.py`` compares the text.
"""

from __future__ import annotations

from html import escape

from .. import constants as C
from . import wording as Wd
from .wording import say


def _tag(name: str, inner: str, **attrs) -> str:
    extra = "".join(f' {k.rstrip("_")}="{escape(str(v))}"' for k, v in attrs.items())
    return f"<{name}{extra}>{inner}</{name}>"


def _text(name: str, text: str, **attrs) -> str:
    return _tag(name, escape(text), **attrs)


def _put(template: str, **values) -> str:
    """A template filled with values that are either text (escaped here) or ready HTML (``_Html``)."""
    out = []
    parts = Wd._FIELD.split(template)  # text, name, text, name, ..., text
    for i, piece in enumerate(parts):
        if i % 2:
            value = values[piece]
            out.append(value.html if isinstance(value, _Html) else escape(str(value)))
        else:
            out.append(escape(piece))
    return "".join(out)


class _Html:
    """Markup put into a template as it is (a link, a list of links)."""

    def __init__(self, html: str):
        self.html = html


def source_links(sources: list[dict]) -> _Html:
    """The cited sources: links where the bibliography gives an http(s) address, else names."""
    links = [
        _text("a", s["text"], href=s["url"])
        if s["url"].startswith(("https://", "http://"))
        else _text("span", s["text"])
        for s in sources
    ]
    return _Html(_tag("span", escape(Wd.WORDING["formats"]["sources"]).join(links)))


def _section(title: str, inner: str) -> str:
    return _tag("section", _text("h3", title) + inner, class_="fx-panel")


def _table(rows: list[tuple[str, str]]) -> str:
    return _tag("table", "".join(_tag("tr", _text("th", m, scope="row") + _text("td", v)) for m, v in rows))


# The explorer ----------------------------------------------------------------------------------------


def explorer_rows(e: dict, names: dict, source: str) -> list[tuple[str, str, str]]:
    """The rows of the explorer's panels: [section, measure, value] (``rows`` in the page's script)."""
    deal = bool(e.get("deal"))
    out: list[tuple[str, str, str]] = []

    def w(key: str, **values) -> str:
        return say("explorer." + key, deal, **values)

    min_pop = Wd.number(names["min_population"])
    if deal:
        d = e["deal"]
        price = w("price_section")
        verdict = w("verdict." + ("above" if d["passes"] else "below"))
        out.append((price, w("price_kept"), w("price_kept_value", area=Wd.area(d["kept"][0]), verdict=verdict)))
        if d["zone"]:
            out.append((price, w("price_with_zone", zone_kind=d["zone_kind"]), Wd.area(d["kept"][1])))
        what = w("change_section", day=d["day"])
        zone = w("gives_zone", area=Wd.area(d["zone"])) if d["zone"] and d["zone_kind"] == "demilitarised zone" else ""
        out += [
            (what, w("gives"), Wd.area(d["gives"][0]) + zone),
            (what, w("part_residents"), Wd.people(d["gives"][1])),
            (what, w("part_cities", min_population=min_pop), str(d["gives"][2])),
            (what, w("returns"), Wd.area(d["returns"][0])),
            (what, w("part_residents"), Wd.people(d["returns"][1])),
            (what, w("part_cities", min_population=min_pop), str(d["returns"][2])),
            (what, w("deal_front"), Wd.length(d["front"])),
        ]
    side, held = w("side"), w("held_section")
    out += [
        (held, w("total"), w("total_value", km2=Wd.km2(e["total"]), share=Wd.percent(e["share"]))),
        (held, w("before"), Wd.km2(e["before"])),
        (held, w("seized"), Wd.km2(max(e["seized"], 0))),
    ]
    out += [
        (held, w("other_tracker", tracker=names["source_labels"][s]), Wd.km2(v))
        for s, v in e["others"].items()
        if s != source or deal
    ]
    out += [(held, w("front"), Wd.length(e["front"])), (held, w("azov"), Wd.percent(e["azov"], 0))]
    out += [(w("oblast_section"), n, Wd.percent(v, 0)) for n, v in zip(names["oblasts"], e["oblasts"])]
    out += [(w("sites_section"), n, side if h else w("ukrainian_side")) for n, h in zip(names["sites"], e["sites"])]
    out += [
        (w("distance_section"), n, w("on_side", side=side) if k == 0 else Wd.distance(k))
        for n, k in zip(names["distance_cities"], e["distances"])
    ]
    return out


def _cities(e: dict) -> list[int]:
    return [int(k) for k in e["cities"].split(",")] if e["cities"] else []


def changed(e: dict, then: dict) -> list[tuple[str, list[int], str]]:
    """The cities and towns that changed side against the line compared: [(title, indices, class)]."""
    now, before = _cities(e), _cities(then)
    deal = bool(e.get("deal"))
    taken = [k for k in now if k not in set(before)]
    left = sorted(k for k in before if k not in set(now))
    return [
        (say("explorer.taken", deal), taken, "fx-taken"),
        (say("explorer.given_up", deal), left, "fx-given-up"),
    ]


def _city_list(keys: list[int], names: dict, start: int = 1, cls: str = "fx-cities") -> str:
    items = "".join(
        _text("li", say("explorer.city", name=c[0], population=Wd.number(c[1]), oblast=c[2]))
        for c in (names["cities"][k] for k in keys)
    )
    return _tag("ol", items, class_=cls, **({"start": start} if start != 1 else {}))


def _deal_section(d: dict, chapter_url: str) -> str:
    reading = _tag("p", _text("em", say("explorer.deal_reading")) + escape(d["reading"]))
    link = _Html(_text("a", say("explorer.chapter_link"), href=chapter_url))
    cited = _tag("p", _put(Wd.entry("explorer.deal_source"), sources=source_links(d["sources"]), chapter=link))
    return _tag(
        "section",
        _text("h3", say("explorer.deal_title", name=d["name"], date=d["date"]))
        + _text("p", say("explorer.deal_by", by=d["by"], terms=d["terms"]))
        + reading
        + cited,
        class_="fx-panel fx-deal",
    )


def explorer_panels(e: dict, names: dict, source: str, compare: str = "", then: dict | None = None) -> str:
    """The explorer's panels for one entry (``drawPanels`` in the page's script); ``compare`` is the
    key of the line compared and ``then`` its entry."""
    deal = bool(e.get("deal"))
    out = [_deal_section(e["deal"], names["deals_chapter"])] if deal else []
    sections: dict[str, list] = {}
    for section, measure, value in explorer_rows(e, names, source):
        sections.setdefault(section, []).append((measure, value))
    min_pop = Wd.number(names["min_population"])
    in_view = Wd.WORDING["explorer"]["cities_in_view"]
    for i, (title, rows) in enumerate(sections.items()):
        inner = _table(rows)
        if i == 0 and compare and compare in e["changes"]:
            c = e["changes"][compare]
            text = say(
                "explorer.change",
                deal,
                line=names["comparators"][compare],
                gained=Wd.km2(c[0]),
                lost=Wd.km2(c[1]),
                net=Wd.signed_km2(c[2]),
            )
            inner += _text("p", text, class_="fx-change")
        out.append(_section(title, inner))
        if i:
            continue
        cities = _cities(e)
        people = _text("p", say("explorer.residents", people=Wd.people(e["population"])))
        people += _text("p", say("explorer.cities_count", n=len(cities), min_population=min_pop))
        people += _city_list(cities[:in_view], names)
        if len(cities) > in_view:
            more = _text("summary", say("explorer.more_cities", n=len(cities) - in_view))
            more += _city_list(cities[in_view:], names, start=in_view + 1, cls="fx-cities-more")
            people += _tag("details", more, class_="fx-more-cities")
        if compare and then is not None:
            box = _text("h4", say("explorer.changed_title", line=names["comparators"][compare]))
            for title_, keys, cls in changed(e, then):
                n = len(keys)
                count = (
                    say("explorer.changed_one" if n == 1 else "explorer.changed_many", n=n, min_population=min_pop)
                    if n
                    else say("explorer.changed_none")
                )
                box += _text("p", say("explorer.changed_count", title=title_, count=count))
                if n:
                    box += _city_list(keys, names, cls=f"fx-cities {cls}")
            people += _tag("div", box, class_="fx-changed")
        side = say("explorer.side", deal)
        out.append(_section(say("explorer.people_section", side=side), people))
    return "".join(out)


def sentence(e: dict) -> str:
    """The line's sentence, with the tracker's quality flag on a flagged day (the page's ``.fx-sentence``)."""
    flag = say("explorer.quality", quality=e["quality"].replace("_", " ")) if e.get("quality", "ok") != "ok" else ""
    return _text("p", e["sentence"] + flag, class_="fx-sentence")


def headline(e: dict, tracker: str) -> str:
    """The explorer's headline: "Russian-held area: 21 Aug 2026 (DeepStateMap)" (``headlineText``)."""
    deal = bool(e.get("deal"))
    text = say("explorer.headline", deal, label=e["label"])
    return text + (say("explorer.headline_tracker", tracker=tracker) if tracker else "")


# The deal panel -----------------------------------------------------------------------------------------


def deal_result(totals: dict, names: dict, day_short: str, proposal: dict | None = None) -> str:
    """The deal panel's result (``writeResult`` in the page's script): ``totals`` are the model's sums
    (:func:`freezelines.model.deals.from_pieces`), ``proposal`` the payload's proposal started from."""
    tracker, min_pop = names["source_label"], Wd.number(names["min_population"])
    if proposal:
        intro = _put(
            Wd.entry("deal.intro_proposal"),
            name=proposal["name"],
            date=proposal["date"],
            tracker=tracker,
            day=day_short,
            sources=source_links(proposal["sources"]),
        )
    else:
        intro = escape(say("deal.intro_own", tracker=tracker, day=day_short))
    share = _Html(_text("strong", say("deal.share_value", share=Wd.percent(totals["share"]))))
    out = [_tag("p", intro)]
    out.append(
        _tag(
            "p",
            _put(
                Wd.entry("deal.share"),
                share=share,
                side=Wd.number(_km2(totals["side_km2"])),
                ukraine=Wd.number(_km2(names["ukraine_km2"])),
            ),
            class_="fd-share",
        )
    )
    head = "".join(_text("th", Wd.fill(h, min_population=min_pop), scope="col") for h in Wd.WORDING["deal"]["columns"])
    body = ""
    for part, label in Wd.WORDING["deal"]["rows"].items():
        if part == "zone" and not totals["zone_km2"]:
            continue
        body += _tag(
            "tr",
            _text("th", label, scope="row")
            + _text("td", Wd.number(_km2(totals[f"{part}_km2"])))
            + _text("td", Wd.residents_cell(totals[f"{part}_residents"]))
            + _text("td", str(totals[f"{part}_cities"])),
        )
    out.append(_tag("table", _tag("thead", _tag("tr", head)) + _tag("tbody", body), class_="fd-totals"))
    site_names = names["sites"]
    listed = Wd.WORDING["formats"]["list"]
    sites = [site_names[s] for s in names["site_ids"] if s in set(totals["sites"])]
    zone_sites = [site_names[s] for s in names["site_ids"] if s in set(totals.get("zone_sites", ()))]
    text = say("deal.sites", sites=listed.join(sites) if sites else say("deal.no_sites"))
    if zone_sites:
        text += say("deal.zone_sites", sites=listed.join(zone_sites))
    out.append(_text("p", text, class_="fd-sites"))
    given = totals.get("gives_city_names") or []
    if given:
        cities = listed.join(say("deal.city", name=n, population=Wd.number(p)) for n, p in given)
        out.append(_text("p", say("deal.cities_given", n=len(given), cities=cities)))
    link = _Html(_text("a", say("deal.chapter_link"), href=names["deals_chapter"]))
    out.append(_tag("p", _put(Wd.entry("deal.note"), chapter=link), class_="fd-note"))
    return "".join(out)


def _km2(value: float) -> float:
    """An area rounded as the pages round areas (to 10 km²)."""
    return C.rounded("km2", value)
