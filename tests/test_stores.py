"""Both metadata stores, held to the same tests: merge, delete, cleanup, bounds,
revocations and single-use claims."""

import json
import threading
from typing import Any

import pytest
import redis

from sessionmanager.errors import InvalidArgumentError, LimitExceededError
from sessionmanager.store.base import (
    Admission,
    AdmissionRequest,
    MetadataLimits,
    MetadataStore,
)
from sessionmanager.store.memory import MemoryStore
from sessionmanager.store.redis import RedisStore
from tests.conftest import FakeClock

STORES = ["memory", "redis"]


def make_store(
    kind: str, request: pytest.FixtureRequest, clock: FakeClock, limits: MetadataLimits
) -> MetadataStore:
    if kind == "memory":
        return MemoryStore(limits, clock)
    url: str = request.getfixturevalue("redis_url")
    store = RedisStore(url, session_lifetime_secs=3600, limits=limits, clock=clock)
    request.addfinalizer(store.close)
    return store


@pytest.fixture(params=STORES)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(kind: str, request: pytest.FixtureRequest, clock: FakeClock) -> MetadataStore:
    limits = MetadataLimits(max_sessions=3, max_keys=4, max_session_bytes=200)
    return make_store(kind, request, clock, limits)


def test_unknown_session_is_an_empty_object(store: MetadataStore) -> None:
    assert store.get("nobody") == {}


def test_merge_keeps_keys_not_named(store: MetadataStore) -> None:
    store.merge("s", {"a": 1, "b": {"nested": [1, "two", None]}})
    result = store.merge("s", {"b": False, "c": "x"})
    assert result.metadata == {"a": 1, "b": False, "c": "x"}
    assert store.get("s") == {"a": 1, "b": False, "c": "x"}


def test_merge_stamps_the_time(store: MetadataStore, clock: FakeClock) -> None:
    assert store.merge("s", {"a": 1}).updated_at == clock.now
    clock.advance(5)
    assert store.merge("s", {"a": 2}).updated_at == clock.now


def test_returned_metadata_is_a_copy(store: MetadataStore) -> None:
    store.merge("s", {"list": [1]})
    store.get("s")["list"].append(2)
    assert store.get("s") == {"list": [1]}


def test_delete_says_whether_it_existed(store: MetadataStore) -> None:
    store.merge("s", {"a": 1})
    assert store.delete("s") is True
    assert store.delete("s") is False
    assert store.get("s") == {}


def test_cleanup_removes_only_sessions_idle_past_the_age(
    store: MetadataStore, clock: FakeClock
) -> None:
    store.merge("old", {"a": 1})
    clock.advance(50)
    store.merge("young", {"a": 1})
    store.merge("touched", {"a": 1})
    clock.advance(50)
    store.merge("touched", {"b": 2})
    clock.advance(1)

    assert store.cleanup(100) == 1
    assert store.get("old") == {}
    assert store.get("young") == {"a": 1}
    assert store.cleanup(51) == 0
    assert store.cleanup(0) == 2
    assert store.get("young") == {} and store.get("touched") == {}


def test_cleanup_survives_a_clock_stepped_back(
    store: MetadataStore, clock: FakeClock
) -> None:
    store.merge("first", {"a": 1})
    clock.advance(-30)
    store.merge("second", {"a": 1})
    clock.advance(100)
    assert store.cleanup(60) == 2


def test_cleanup_refuses_a_negative_age(store: MetadataStore) -> None:
    with pytest.raises(ValueError):
        store.cleanup(-1)


@pytest.mark.parametrize(
    ("patch", "path"),
    [
        ({"": 1}, "metadata"),
        ({"k" * 257: 1}, "metadata"),
        ({"a": float("nan")}, "metadata.a"),
        ({"a": {"b": float("inf")}}, "metadata.a.b"),
        ({"a": {1, 2}}, "metadata.a"),
        ({"a": b"bytes"}, "metadata.a"),
        ({"a": [object()]}, "metadata.a[0]"),
        ({"a": {3: "int key"}}, "metadata.a"),
        ({"a": "\ud800"}, "metadata.a"),
        ({str(i): i for i in range(5)}, "metadata"),
    ],
)
def test_invalid_patches_change_nothing(
    store: MetadataStore, patch: dict[Any, Any], path: str
) -> None:
    store.merge("s", {"keep": True})
    with pytest.raises(InvalidArgumentError) as caught:
        store.merge("s", patch)
    assert caught.value.field == path
    assert store.get("s") == {"keep": True}


def test_patch_that_is_not_a_mapping(store: MetadataStore) -> None:
    with pytest.raises(InvalidArgumentError):
        store.merge("s", ["a"])  # type: ignore[arg-type]


def test_depth_bound(
    kind: str, request: pytest.FixtureRequest, clock: FakeClock
) -> None:
    store = make_store(kind, request, clock, MetadataLimits(max_depth=3))
    store.merge("s", {"a": {"b": {"c": [1]}}})
    with pytest.raises(InvalidArgumentError, match="deeper than 3"):
        store.merge("s", {"a": {"b": {"c": [[1]]}}})


@pytest.mark.parametrize("session_id", ["", "x" * 257])
def test_bad_session_ids(store: MetadataStore, session_id: str) -> None:
    for operation in (
        lambda: store.get(session_id),
        lambda: store.merge(session_id, {"a": 1}),
        lambda: store.delete(session_id),
    ):
        with pytest.raises(InvalidArgumentError) as caught:
            operation()
        assert caught.value.field == "session_id"


def test_session_count_bound_leaves_existing_data(store: MetadataStore) -> None:
    for name in ("a", "b", "c"):
        store.merge(name, {"v": name})
    with pytest.raises(LimitExceededError, match="maximum of 3 sessions"):
        store.merge("d", {"v": "d"})
    assert store.get("d") == {}
    store.merge("a", {"w": 1})
    assert store.get("a") == {"v": "a", "w": 1}
    store.delete("b")
    store.merge("d", {"v": "d"})
    assert store.get("d") == {"v": "d"}


def test_key_count_bound_counts_the_merged_result(store: MetadataStore) -> None:
    store.merge("s", {"a": 1, "b": 2, "c": 3})
    store.merge("s", {"a": 4, "d": 5})
    with pytest.raises(LimitExceededError, match="more than 4 top-level keys"):
        store.merge("s", {"e": 6})
    assert store.get("s") == {"a": 4, "b": 2, "c": 3, "d": 5}


def test_byte_bound_leaves_existing_data(store: MetadataStore) -> None:
    store.merge("s", {"a": "x" * 100})
    with pytest.raises(LimitExceededError, match="more than 200 bytes"):
        store.merge("s", {"b": "y" * 100})
    assert store.get("s") == {"a": "x" * 100}
    encoded = json.dumps({"a": "x" * 100}, separators=(",", ":"))
    assert len(encoded) <= 200


def test_bytes_are_counted_as_utf8(
    kind: str, request: pytest.FixtureRequest, clock: FakeClock
) -> None:
    store = make_store(kind, request, clock, MetadataLimits(max_session_bytes=20))
    store.merge("s", {"a": "e" * 7})  # {"a":"eeeeeee"}: 15 bytes
    with pytest.raises(LimitExceededError):
        store.merge("s", {"a": "é" * 7})  # 22 bytes, though 15 characters
    assert store.get("s") == {"a": "e" * 7}


def test_concurrent_merges_lose_no_key(
    kind: str, request: pytest.FixtureRequest, clock: FakeClock
) -> None:
    limits = MetadataLimits(max_keys=1000, max_session_bytes=100_000)
    store = make_store(kind, request, clock, limits)

    def writer(worker: int) -> None:
        for item in range(50):
            store.merge("shared", {f"w{worker}-{item}": item})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.get("shared")) == 400


@pytest.mark.parametrize("name", ["max_sessions", "max_keys", "max_session_bytes"])
def test_limits_must_be_positive(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        MetadataLimits(**{name: 0})


def test_byte_bound_is_the_same_in_both_stores(
    kind: str, request: pytest.FixtureRequest, clock: FakeClock
) -> None:
    # {"a":"…"} with 14 characters is exactly 22 bytes: allowed at 22, not 21.
    for limit, fits in ((22, True), (21, False)):
        store = make_store(
            kind, request, clock, MetadataLimits(max_session_bytes=limit)
        )
        store.delete("s")
        if fits:
            store.merge("s", {"a": "x" * 14})
        else:
            with pytest.raises(LimitExceededError):
                store.merge("s", {"a": "x" * 14})


def test_empty_metadata_still_makes_a_session(store: MetadataStore) -> None:
    store.merge("s", {})
    assert store.get("s") == {}
    assert store.delete("s") is True


def test_revocation_refuses_tokens_up_to_its_expiry(store: MetadataStore) -> None:
    assert store.admit("call", 1000, None, 60) is Admission.ADMITTED
    store.revoke("call", 1000, 60)
    assert store.admit("call", 1000, None, 60) is Admission.REVOKED
    assert store.admit("call", 999, None, 60) is Admission.REVOKED
    assert store.admit("call", 1001, None, 60) is Admission.ADMITTED
    assert store.admit("other", 1000, None, 60) is Admission.ADMITTED


def test_revocations_and_claims_are_forgotten_after_their_ttl(
    kind: str, store: MetadataStore, clock: FakeClock, request: pytest.FixtureRequest
) -> None:
    store.revoke("call", 1000, 30)
    store.admit("other", 1000, "sig", 20)
    assert store.admit("call", 1000, None, 60) is Admission.REVOKED
    if kind == "redis":
        # Redis expires keys on its own clock: the TTLs are what it was given.
        raw = redis.Redis.from_url(request.getfixturevalue("redis_url"))
        assert 29_000 < raw.pttl("sm:{call}:revoked") <= 30_000
        assert 19_000 < raw.pttl("sm:{other}:used:sig") <= 20_000
        raw.close()
    else:
        clock.advance(30)
        assert store.admit("call", 1000, None, 60) is Admission.ADMITTED
        assert store.admit("other", 1000, "sig", 20) is Admission.ADMITTED


def test_single_use_claims(store: MetadataStore) -> None:
    assert store.admit("call", 1000, "sig-1", 60) is Admission.ADMITTED
    assert store.admit("call", 1000, "sig-1", 60) is Admission.REPLAYED
    assert store.admit("call", 1000, "sig-2", 60) is Admission.ADMITTED
    store.revoke("call", 1000, 60)
    assert store.admit("call", 1000, "sig-3", 60) is Admission.REVOKED
    store.revoke("call", 0, 60)
    # A revoked admission claimed nothing.
    assert store.admit("call", 1000, "sig-3", 60) is Admission.ADMITTED


def test_admit_many_answers_as_admit_would_in_order(store: MetadataStore) -> None:
    store.revoke("revoked", 1000, 60)
    store.admit("call", 1000, "spent", 60)
    requests = [
        AdmissionRequest("call", 1000, None, 60),
        AdmissionRequest("revoked", 1000, "sig-r", 60),
        AdmissionRequest("call", 1000, "sig-1", 60),
        AdmissionRequest("call", 1000, "sig-1", 60),
        AdmissionRequest("call", 1000, "spent", 60),
        AdmissionRequest("revoked", 1001, None, 60),
    ]
    assert store.admit_many(requests) == [
        Admission.ADMITTED,
        Admission.REVOKED,
        Admission.ADMITTED,
        Admission.REPLAYED,  # claimed earlier in the same batch
        Admission.REPLAYED,
        Admission.ADMITTED,
    ]
    assert store.admit_many([]) == []
    # The revoked admission claimed nothing.
    assert store.admit("revoked", 1001, "sig-r", 60) is Admission.ADMITTED


def test_session_count(store: MetadataStore) -> None:
    assert store.session_count() == 0
    store.merge("a", {"k": 1})
    store.merge("b", {"k": 1})
    store.merge("a", {"k": 2})
    assert store.session_count() == 2
    store.delete("a")
    assert store.session_count() == 1


def test_ping(store: MetadataStore) -> None:
    store.ping()
