"""Files shared with the bot: fetched from Slack with the bot token, only from Slack's own hosts, never
more than the document limit, held in memory and dropped after the assessment."""

from urllib.parse import urlsplit

import httpx

from service.documents.model import MAX_DOCUMENT_BYTES, DocumentError, DocumentTooLargeError
from service.slack.models import SharedFile

SLACK_FILE_HOSTS = frozenset({"files.slack.com"})


class FileFetchError(DocumentError):
    """Slack would not hand the file over (no permission, deleted, a link to elsewhere)."""


class SlackFiles:
    def __init__(self, token: str, api_url: str, timeout_s: float = 20.0) -> None:
        self.token = token
        # the API's own host too: a Slack Enterprise Grid or a test double serves files beside its API
        self.hosts = SLACK_FILE_HOSTS | {urlsplit(api_url).netloc}
        self.timeout_s = timeout_s

    def fetch(self, f: SharedFile) -> bytes:
        url = f.url_private_download or f.url_private
        if not url or urlsplit(url).netloc not in self.hosts:
            raise FileFetchError(f"{f.name}: the file has no download link from Slack")
        if f.size and f.size > MAX_DOCUMENT_BYTES:
            raise DocumentTooLargeError(
                f"{f.name}: the file is {f.size / 2**20:.1f} MB; at most {MAX_DOCUMENT_BYTES // 2**20} MB are read"
            )
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.stream("GET", url, headers=headers, timeout=self.timeout_s, follow_redirects=False) as r:
            if r.status_code != 200 or r.headers.get("content-type", "").startswith("text/html"):
                # Slack answers a missing scope with its login page, not an error status
                raise FileFetchError(f"{f.name}: Slack did not let the bot read the file (add the files:read scope)")
            data = bytearray()
            for chunk in r.iter_bytes():
                data += chunk
                if len(data) > MAX_DOCUMENT_BYTES:
                    raise DocumentTooLargeError(f"{f.name}: the file is over {MAX_DOCUMENT_BYTES // 2**20} MB")
        return bytes(data)
