"""Download and verify a release with TUF (python-tuf ``ngclient.Updater``).

The kiosk starts from the trusted root it was installed with (``update.trusted_root``,
copied from the repository's ``metadata/root.json``) and keeps the metadata it verified
in ``<data_dir>/update/tuf``; from then on it refuses older metadata versions (rollback
attack), expired metadata (freeze attack), metadata not signed by the keys root names,
and a bundle whose length or SHA-256 differs from the signed targets entry. Requests
carry the kiosk's HMAC authentication like every other request to the server; TUF's
own checks make the answer trustworthy whoever serves it. Runs on the update worker's
thread only: it blocks on the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import requests
from requests.auth import AuthBase
from tuf.api.exceptions import DownloadError, DownloadHTTPError, RepositoryError
from tuf.ngclient import Updater
from tuf.ngclient.fetcher import FetcherInterface

from kiosk.update.errors import UpdateError
from kiosk.update.release import Release, bundle_name

CHUNK = 64 * 1024


class AuthFetcher(FetcherInterface):
    """TUF's fetcher over ``requests`` with the kiosk's request signing."""

    def __init__(self, auth: AuthBase | None, timeout: tuple[float, float] = (3.0, 30.0),
                 session: requests.Session | None = None) -> None:
        self.auth = auth
        self.timeout = timeout
        self.session = session or requests.Session()

    def _fetch(self, url: str) -> Iterator[bytes]:
        resp = self.session.get(url, auth=self.auth, timeout=self.timeout, stream=True)
        if resp.status_code != 200:
            resp.close()
            raise DownloadHTTPError(f"HTTP {resp.status_code} for {url}", resp.status_code)
        return self._chunks(resp)

    @staticmethod
    def _chunks(resp: requests.Response) -> Iterator[bytes]:
        with resp:
            yield from resp.iter_content(CHUNK)


class ReleaseFetcher:
    def __init__(self, base_url: str, data_dir: str | Path, trusted_root: str | Path,
                 auth: AuthBase | None = None, *,
                 timeout: tuple[float, float] = (3.0, 30.0)) -> None:
        self.repo_url = base_url.rstrip("/") + "/v1/releases/tuf"
        self.metadata_dir = Path(data_dir) / "update" / "tuf"
        self.download_dir = Path(data_dir) / "update" / "downloads"
        self.trusted_root = Path(trusted_root)
        self.fetcher = AuthFetcher(auth, timeout)

    def _updater(self) -> Updater:
        self.metadata_dir.mkdir(parents=True, exist_ok=True)
        self.download_dir.mkdir(parents=True, exist_ok=True)
        cached = self.metadata_dir / "root.json"
        try:  # the root verified last time (may be newer than the installed one)
            bootstrap = None if cached.exists() else self.trusted_root.read_bytes()
        except OSError as exc:
            raise UpdateError("verify", f"no trusted root at {self.trusted_root}: {exc}"
                              ) from None
        return Updater(str(self.metadata_dir), f"{self.repo_url}/metadata/",
                       str(self.download_dir), f"{self.repo_url}/targets/", self.fetcher,
                       bootstrap=bootstrap)

    def fetch(self, version: str) -> tuple[Path, Release]:
        """The verified bundle of ``version`` on disk and its signed manifest."""
        name = bundle_name(version)
        try:
            updater = self._updater()
            updater.refresh()
            info = updater.get_targetinfo(name)
            if info is None:
                raise UpdateError("verify", f"{name} is not in the signed targets")
            custom = info.custom if isinstance(info.custom, dict) else {}
            release = Release.from_dict(custom.get("kiosk_release"))
            if release.version != version:
                raise UpdateError("verify", f"{name} is signed as release {release.version}")
            path = updater.find_cached_target(info) or updater.download_target(info)
        except RepositoryError as exc:
            raise UpdateError("verify", f"{type(exc).__name__}: {exc}") from None
        except DownloadError as exc:
            raise UpdateError("download", f"{type(exc).__name__}: {exc}") from None
        except (OSError, ValueError) as exc:
            raise UpdateError("verify", f"{type(exc).__name__}: {exc}") from None
        return Path(path), release
