"""Reading settings from environment variables, with one-line errors for bad values."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable's value, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return a yes/no variable; anything unexpected is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return a whole-number variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, got {raw!r}"
        ) from None


def env_float(name: str, default: float) -> float:
    """Return a number variable (seconds, for example ``1.5``)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Return comma-separated IP addresses or networks (CIDR), each written canonically.

    A value that is neither is a configuration error naming it, so a typo in
    ``TRUSTED_PROXIES`` stops the site at start-up instead of quietly trusting
    nobody (or the wrong hops).
    """
    from ehch.client_address import parse_networks

    try:
        return [str(network) for network in parse_networks(env_list(name, []))]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from None


def database_config(default_sqlite_path: str) -> dict:
    """Build ``DATABASES['default']`` from ``DATABASE_URL`` (SQLite when unset)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        # A fresh checkout has no var/ folder yet; SQLite cannot create it.
        Path(default_sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
            # WAL lets the dev server read while a command writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address Django understands: {exc}"
        ) from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Fail fast instead of hanging a request when the server is away.
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
        if not env_bool("DATABASE_JIT", False):
            # PostgreSQL's JIT compiles a query whose estimated cost is high,
            # which for our short page queries costs more than it saves: the
            # similar-case-studies query (three many-to-many joins, so a large
            # estimate) took ~40 ms instead of ~6 ms on a fresh database.
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


def elasticsearch_url() -> str | None:
    """Return a validated ``ELASTICSEARCH_URL``, or None to use the database engine.

    Several nodes of one cluster are given comma-separated
    (``http://es1:9200,http://es2:9200``); the client spreads requests over
    them and retries a failed one on another (``search/client.py``).
    """
    raw = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if not raw:
        return None
    nodes = [part.strip() for part in raw.split(",")]
    for node in nodes:
        parts = urlsplit(node)
        try:
            port_ok = parts.port is None or 0 < parts.port < 65536
        except ValueError:
            port_ok = False
        if parts.scheme not in {"http", "https"} or not parts.hostname or not port_ok:
            raise ImproperlyConfigured(
                "ELASTICSEARCH_URL must look like http://host:9200, or several "
                "such addresses separated by commas (scheme http or https, a "
                f"host, an optional port); {node!r} is not, in {raw!r}"
            )
    return ",".join(node.rstrip("/") for node in nodes)


def cache_config(default_folder: Path) -> dict:
    """Build ``CACHES["default"]`` from ``CACHE_URL``, or a folder when it is unset."""
    url = os.environ.get("CACHE_URL", "").strip()
    if not url:
        default_folder.mkdir(parents=True, exist_ok=True)
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(default_folder),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if url.startswith(("redis://", "rediss://")):
        # Django's own RedisCache, which answers as an empty cache while Redis
        # is away (ehch/rediscache.py); short timeouts so a Redis that stopped
        # answering slows a page by a fraction of a second, not a minute.
        timeout = env_float("CACHE_SOCKET_TIMEOUT", 0.5)
        return {
            "BACKEND": "ehch.rediscache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    if url == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis:// or rediss://, or be locmem://; got {url!r}"
    )


def shared_by_every_process(cache: dict) -> bool:
    """Whether every process of the site sees the same ``cache``.

    Redis and a folder are shared; ``locmem://`` is each process's own, so
    what one process forgets there the others still hold.
    """
    return not cache["BACKEND"].endswith(".LocMemCache")


def attachment_cache_config(default: dict, folder: Path) -> dict:
    """Where machina keeps a post's attachments between preview and submit.

    With a shared cache the files go to the same Redis, under their own
    prefix, so a preview answered by one server and a submit by another keep
    them; on one host a folder does. An hour, not Django's five minutes,
    because a careful writer may preview for longer than that.
    """
    if default["BACKEND"] == "ehch.rediscache.ResilientRedisCache":
        return {**default, "KEY_PREFIX": "machina-attachments", "TIMEOUT": 3600}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(folder),
        "TIMEOUT": 3600,
    }


def default_storage_config() -> dict:
    """``STORAGES["default"]``: local disk, or an S3-compatible bucket.

    ``AWS_STORAGE_BUCKET_NAME`` switches uploads (Wagtail images and
    documents, forum attachments) to object storage, so every app server sees
    every file. ``AWS_S3_ENDPOINT_URL`` names a store other than Amazon's
    (MinIO, Ceph, S3Proxy...); credentials come the usual AWS ways
    (``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, or the machine's role).
    """
    bucket = (os.environ.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = (os.environ.get("AWS_S3_ENDPOINT_URL") or "").strip() or None
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                "AWS_S3_ENDPOINT_URL must look like https://host:port "
                f"(scheme http or https and a host); got {endpoint!r}"
            )
    style = (os.environ.get("AWS_S3_ADDRESSING_STYLE") or "path").strip()
    if style not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be path, virtual or auto; got {style!r}"
        )
    return {
        "BACKEND": "ehch.storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": (os.environ.get("AWS_S3_REGION_NAME") or "").strip() or None,
            # Path-style addresses work on every S3-compatible store.
            "addressing_style": style,
            "location": (os.environ.get("AWS_LOCATION") or "").strip().strip("/"),
        },
    }


def mail_domain(url: str) -> str:
    """The part after ``@`` of an address on ``url``'s host (IPs as literals)."""
    host = urlsplit(url).hostname or "localhost"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return f"[{host}]"
