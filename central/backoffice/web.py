"""The page machinery: session and role check, CSRF on every post, rendering, headers.

Every back-office route is registered through ``Pages.page`` so none can forget a
check: the wrapper resumes the session (or redirects to the login page, saying when it
was an idle logout), checks the role's permission, compares the form's CSRF token with
the session's (the login form: with a double-submit cookie), runs the handler in the
thread pool (the db layer is synchronous) and turns a BackofficeError into an HTML page
with its status. Responses carry a strict CSP (no scripts at all), no-store caching and
frame denial.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from central.backoffice import i18n
from central.backoffice.accounts import PERMISSIONS, Operator
from central.backoffice.errors import BackofficeError, BadInput, NotAllowed
from central.backoffice.sessions import Session, same

log = logging.getLogger(__name__)

SESSION_COOKIE = "bo_session"
LOGIN_CSRF_COOKIE = "bo_csrf"
LANG_COOKIE = "bo_lang"
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:;"
                               " form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
TEMPLATES = Path(__file__).parent / "templates"
Handler = Callable[["Ctx"], Response]


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(money=i18n.money, when=i18n.when, mask=i18n.mask_account)
    return env


@dataclass
class Ctx:
    """One request as a handler sees it."""

    request: Request
    app: Any  # central.backoffice.router.Backoffice
    lang: str
    form: dict[str, str]
    session: Session | None = None
    cookies: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def op(self) -> Operator:
        assert self.session is not None, "a public page asked for the operator"
        return self.session.operator

    @property
    def remote(self) -> str | None:
        return self.request.client.host if self.request.client else None

    def t(self, key: str) -> str:
        return i18n.translate(self.lang, key)

    def arg(self, name: str, default: str = "", max_len: int = 200) -> str:
        """A query or form value, stripped; BadInput when absurdly long."""
        value = self.form.get(name, self.request.query_params.get(name, default)).strip()
        if len(value) > max_len:
            raise BadInput(f"{name}: at most {max_len} characters")
        return value

    def need(self, name: str, max_len: int = 200) -> str:
        value = self.arg(name, max_len=max_len)
        if not value:
            raise BadInput(f"{name} {self.t('is_required')}")
        return value

    def audit(self, action: str, subject: str | None = None,
              detail: dict[str, Any] | None = None, tx: Any = None) -> None:
        op = self.session.operator if self.session else None
        self.app.audit.record(op.username if op else None, op.role if op else None, action,
                              subject, detail, self.remote, tx=tx)

    def render(self, template: str, http_status: int = 200, **values: Any) -> HTMLResponse:
        tpl = self.app.env.get_template(template)
        html = tpl.render(t=self.t, lang=self.lang, op=self.session.operator
                          if self.session else None, csrf=self.session.csrf if self.session
                          else values.pop("login_csrf", ""), path=self.request.url.path,
                          ago=lambda s: i18n.ago(s, self.lang), **values)
        return HTMLResponse(html, status_code=http_status)

    def redirect(self, url: str) -> Response:
        return RedirectResponse(url, status_code=303)

    def set_cookie(self, name: str, value: str, **kw: Any) -> None:
        self.cookies.append((name, value, kw))


class Pages:
    """Registers checked pages on one APIRouter."""

    def __init__(self, router: APIRouter, app: Any) -> None:
        self.router = router
        self.app = app
        self.paths: set[str] = set()
        app.env.globals["routes"] = self.paths  # the menu shows only pages that exist

    def page(self, path: str, perm: str | None, *, methods: tuple[str, ...] = ("GET",),
             public: bool = False, login_form: bool = False) -> Callable[[Handler], Handler]:
        if perm is not None:
            assert any(perm in p for p in PERMISSIONS.values()), perm

        def register(fn: Handler) -> Handler:
            async def endpoint(request: Request) -> Response:
                form: dict[str, str] = {}
                if request.method == "POST":
                    try:
                        data = await request.form()
                    except Exception:  # undecodable body: a clear 400, not a 500
                        return HTMLResponse("bad form data", status_code=400, headers=HEADERS)
                    for key, value in data.multi_items():
                        if isinstance(value, UploadFile):
                            return HTMLResponse("no files here", status_code=400,
                                                headers=HEADERS)
                        form[key] = value
                return await run_in_threadpool(self._handle, request, form, fn, perm, public,
                                               login_form)
            self.paths.add(path)
            self.router.add_api_route(path, endpoint, methods=list(methods),
                                      include_in_schema=False, response_class=HTMLResponse)
            return fn
        return register

    def _handle(self, request: Request, form: dict[str, str], fn: Handler, perm: str | None,
                public: bool, login_form: bool) -> Response:
        ctx = Ctx(request, self.app, i18n.lang_of(request.cookies.get(LANG_COOKIE)), form)
        try:
            response = self._checked(ctx, fn, perm, public, login_form)
        except BackofficeError as exc:
            response = ctx.render("error.html", http_status=exc.status, message=exc.message)
        except Exception:  # a bug: log it, answer a plain page rather than the API's JSON
            log.exception("back-office page failed: %s", request.url.path)
            response = HTMLResponse("internal error", status_code=500)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        for name, value, kw in ctx.cookies:
            if value:
                response.set_cookie(name, value, httponly=True, path="/",
                                    secure=self.secure(request), **kw)
            else:
                response.delete_cookie(name, path="/")
        return response

    def _checked(self, ctx: Ctx, fn: Handler, perm: str | None, public: bool,
                 login_form: bool) -> Response:
        request = ctx.request
        if public or login_form:
            if request.method == "POST" and login_form and not same(
                    ctx.form.get("csrf", ""), request.cookies.get(LOGIN_CSRF_COOKIE, "")):
                raise NotAllowed(ctx.t("csrf_failed"))
            return fn(ctx)
        session, why = self.app.sessions.resume(request.cookies.get(SESSION_COOKIE))
        if session is None:
            if request.cookies.get(SESSION_COOKIE):
                ctx.set_cookie(SESSION_COOKIE, "")
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            flag = "&idle=1" if why == "idle" else ""
            return ctx.redirect(f"/bo/login?next={quote(target, safe='')}{flag}")
        ctx.session = session
        if request.method == "POST" and not same(ctx.form.get("csrf", ""), session.csrf):
            ctx.audit("csrf.rejected", request.url.path)
            raise NotAllowed(ctx.t("csrf_failed"))
        if perm is not None and not session.operator.can(perm):
            ctx.audit("denied", request.url.path, {"permission": perm})
            raise NotAllowed(ctx.t("not_allowed"))
        self.app.maybe_evaluate()
        return fn(ctx)

    def secure(self, request: Request) -> bool:
        mode = self.app.config.cookie_secure
        return mode == "on" or (mode == "auto" and request.url.scheme == "https")


def login_csrf(ctx: Ctx) -> str:
    """The pre-login double-submit token: reuse the cookie's, or issue one."""
    token = ctx.request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    ctx.set_cookie(LOGIN_CSRF_COOKIE, token, samesite="strict")
    return token
