"""Pages as HTML: Jinja2 templates in the visitor's language, and the cookies a visit sets.

One template environment per language, each with that language's catalogue installed (Jinja2's
i18n extension), so two requests in two languages never share a translator.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, TypeVar

from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.i18n import ENGLISH, translations
from talentgraph.web.deps import Visit

PREFIX = "/app"


@cache
def environment(lang: str) -> Environment:
    env = Environment(loader=PackageLoader("talentgraph.web", "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals |= {"app": PREFIX, "html_lang": "en" if lang == ENGLISH else "zh-CN",
                    "kinds": VerdictKind, "levels": list(Level), "tiers": list(Tier), "target_of": _target_of,
                    "target_for": _target_for}
    env.filters["num"] = _number
    env.filters["pct"] = _percent
    env.filters["day"] = _day
    return env


def render(visit: Visit, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    env = environment(visit.words.lang)
    html = env.get_template(template).render(v=visit, w=visit.words, **values)
    return with_cookies(visit, HTMLResponse(html, status_code=status))


def redirect(visit: Visit, to: str) -> RedirectResponse:
    return with_cookies(visit, RedirectResponse(to, status_code=303))


R = TypeVar("R", bound=Response)


def with_cookies(visit: Visit, response: R) -> R:
    secure = visit.request.url.scheme == "https"
    for name, (value, max_age) in visit.cookies.items():
        response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                            secure=secure)
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    return response


def _target_of(record: Any) -> Target:
    """The (tier, level, track) of a title or programme as a target, for its name."""
    return Target(tier=record.tier, level=record.level, track=getattr(record, "track", Track.TEACHER))


def _target_for(rules: Any, level: Level) -> Target:
    """A policy target block's tier and track at one of its levels."""
    return Target(tier=rules.tier, level=level, track=rules.track)


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _percent(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:  # NaN: no base to divide by
        return "–"
    return f"{value * 100:.{digits}f}%"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "–"
