"""HTTP side of releases: the TUF repository files, per-kiosk target, update reports.

Mounted by one line in ``central.app.create_app``. Every route needs the kiosk's HMAC
authentication like the rest of the API (the TUF files would be safe to serve to anyone
- they are signed - but the fleet's inventory of releases is the operator's business).
Repository files are served only from ``metadata/`` and ``targets/`` and only by plain
names, so no path can leave the repository directory.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from central.errors import ApiError
from central.releases.errors import ReleaseError
from central.releases.rollout import Rollout

FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def releases_router(rollout: Rollout, auth: Callable[..., Awaitable[str]],
                    parse_json: Callable[[bytes], Any],
                    repo_dir: str | Path | None) -> APIRouter:
    router = APIRouter()

    def own(kiosk_id: str, path_id: str) -> None:
        if kiosk_id != path_id:
            raise ApiError(403, "wrong_kiosk", f"authenticated as {kiosk_id}, not {path_id}")

    @router.get("/v1/releases/tuf/{folder}/{name}")
    def tuf_file(folder: str, name: str, _: str = Depends(auth)) -> FileResponse:
        if repo_dir is None:
            raise ApiError(404, "no_release_repository", "this server serves no releases")
        if folder not in ("metadata", "targets") or not FILE_NAME.match(name):
            raise ApiError(404, "not_found", "no such repository file")
        path = Path(repo_dir) / folder / name
        if not path.is_file():
            raise ApiError(404, "not_found", f"no {folder}/{name}")
        media = "application/json" if folder == "metadata" else "application/octet-stream"
        return FileResponse(path, media_type=media)

    @router.get("/v1/kiosks/{kid}/release")
    def release(kid: str, kiosk_id: str = Depends(auth)) -> dict[str, Any]:
        own(kiosk_id, kid)
        return rollout.target_for(kid)

    @router.post("/v1/kiosks/{kid}/update-report")
    def report(request: Request, kid: str, kiosk_id: str = Depends(auth)) -> dict[str, Any]:
        own(kiosk_id, kid)
        try:
            return rollout.report(kid, parse_json(request.state.body))
        except ReleaseError as exc:
            raise ApiError(422, "invalid_report", str(exc)) from None

    return router
