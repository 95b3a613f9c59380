"""Login, logout, language switch and the landing page.

The login form is protected by a double-submit CSRF cookie (there is no session yet).
Each attempt is audited: success, wrong password, locked account. After a login the
operator lands on ``next`` only when it is a back-office path (no open redirect).
"""

from __future__ import annotations

from fastapi.responses import Response

from central.backoffice.i18n import LANGS, when
from central.backoffice.web import LANG_COOKIE, SESSION_COOKIE, Ctx, Pages, login_csrf

# Where each role starts.
HOME = {"admin": "/bo/fleet", "dispatcher": "/bo/fleet", "finance": "/bo/reconcile",
        "hall": "/bo/payments"}


def safe_next(target: str) -> str:
    if target.startswith(("/bo/", "/check")) and not target.startswith("//") and "\\" not in target:
        return target
    return ""


def register(pages: Pages) -> None:
    @pages.page("/bo/login", None, login_form=True)
    def login_form(ctx: Ctx) -> Response:
        return ctx.render("login.html", login_csrf=login_csrf(ctx), next=safe_next(
            ctx.arg("next", max_len=2000)), idle=ctx.arg("idle") == "1", error="")

    @pages.page("/bo/login", None, methods=("POST",), login_form=True)
    def login(ctx: Ctx) -> Response:
        username = ctx.arg("username", max_len=64).lower()
        password = ctx.form.get("password", "")[:1024]
        result = ctx.app.accounts.login(username, password)
        target = safe_next(ctx.arg("next", max_len=2000))
        if result.operator is None:
            ctx.app.audit.record(username or None, None, f"login.{result.reason}", username,
                                 {"locked_until": result.locked_until}, ctx.remote)
            error = ctx.t(f"login_{result.reason}")
            if result.locked_until:
                error += f" ({ctx.t('until')} {when(result.locked_until)} UTC)"
            return ctx.render("login.html", http_status=401, login_csrf=login_csrf(ctx),
                              next=target, idle=False, error=error, username=username)
        token, session = ctx.app.sessions.start(result.operator)
        ctx.session = session
        ctx.audit("login.ok")
        ctx.set_cookie(SESSION_COOKIE, token, samesite="strict")
        return ctx.redirect(target or HOME[result.operator.role])

    @pages.page("/bo/logout", None, methods=("POST",))
    def logout(ctx: Ctx) -> Response:
        assert ctx.session is not None
        ctx.audit("logout")
        ctx.app.sessions.end(ctx.session)
        ctx.set_cookie(SESSION_COOKIE, "")
        return ctx.redirect("/bo/login")

    @pages.page("/bo/", None)
    def home(ctx: Ctx) -> Response:
        return ctx.redirect(HOME[ctx.op.role])

    @pages.page("/bo/lang/{lang}", None, public=True)
    def language(ctx: Ctx) -> Response:
        lang = ctx.request.path_params["lang"]
        if lang in LANGS:
            ctx.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
        return ctx.redirect(safe_next(ctx.arg("next", max_len=2000)) or "/bo/")
