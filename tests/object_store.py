"""Looking inside the test bucket behind the storage's back (see object_store)."""

from __future__ import annotations


def bucket_keys(client, bucket: str) -> list[str]:
    """Every object name in ``bucket``."""
    listing = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def files_under(folder) -> list[str]:
    """Every file below ``folder`` (a Path), relative to it; [] if it is absent."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
