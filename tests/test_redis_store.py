"""What is particular to the Redis store: URLs in logs, outages, key layout."""

from pathlib import Path

import pytest
import redis

from sessionmanager.errors import StoreUnavailableError
from sessionmanager.store.base import MetadataLimits
from sessionmanager.store.redis import RedisStore, redact
from tests.conftest import FakeClock, RedisServer, free_port


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis://:s3cret@redis:6379/0", "redis://:***@redis:6379/0"),
        ("rediss://user:s3cret@redis/1", "rediss://user:***@redis/1"),
    ],
)
def test_passwords_never_shown(url: str, shown: str) -> None:
    assert redact(url) == shown
    store = RedisStore(url, session_lifetime_secs=60)
    assert store.description == shown
    store.close()


def test_unreachable_redis_fails_fast_with_a_clear_error() -> None:
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    store = RedisStore(url, session_lifetime_secs=60)
    for operation in (
        lambda: store.get("s"),
        lambda: store.merge("s", {"a": 1}),
        lambda: store.delete("s"),
        lambda: store.cleanup(10),
        lambda: store.revoke("c", 1, 1),
        lambda: store.admit("c", 1, None, 1),
        store.ping,
    ):
        with pytest.raises(StoreUnavailableError) as caught:
            operation()
        assert "is unavailable" in str(caught.value)
        assert "s3cret" not in str(caught.value)
    store.close()


def test_sessions_expire_one_lifetime_after_their_last_write(
    redis_url: str, clock: FakeClock
) -> None:
    store = RedisStore(redis_url, session_lifetime_secs=120, clock=clock)
    store.merge("s", {"a": 1})
    raw = redis.Redis.from_url(redis_url, decode_responses=True)
    assert 119_000 < raw.pttl("sm:{s}:meta") <= 120_000
    assert raw.hget("sm:{s}:meta", '"a"') == "1"
    assert raw.zscore("sm:sessions", "s") == clock.now
    raw.close()
    store.close()


def test_session_bound_counts_only_live_sessions(
    redis_url: str, clock: FakeClock
) -> None:
    store = RedisStore(
        redis_url,
        session_lifetime_secs=60,
        limits=MetadataLimits(max_sessions=1),
        clock=clock,
    )
    store.merge("first", {"a": 1})
    # Redis would have expired "first" by now; its index entry must not count.
    clock.advance(61)
    raw = redis.Redis.from_url(redis_url)
    raw.delete("sm:{first}:meta")
    raw.close()
    store.merge("second", {"a": 1})
    assert store.get("second") == {"a": 1}
    store.close()


def test_password_protected_redis(tmp_path: Path, clock: FakeClock) -> None:
    server = RedisServer(tmp_path, password="redis-pa55")
    server.start()
    try:
        store = RedisStore(server.url(), session_lifetime_secs=60, clock=clock)
        store.merge("s", {"a": 1})
        assert store.get("s") == {"a": 1}
        store.close()

        wrong = server.url().replace("redis-pa55", "guess")
        intruder = RedisStore(wrong, session_lifetime_secs=60)
        with pytest.raises(StoreUnavailableError) as caught:
            intruder.get("s")
        assert "guess" not in str(caught.value) and "redis-pa55" not in str(
            caught.value
        )
        intruder.close()
    finally:
        server.stop()
