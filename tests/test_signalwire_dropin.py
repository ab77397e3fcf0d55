"""ServiceSessionManager inside real SignalWire agents, against a real server.

The agents are the SDK's own ``AgentBase``, served in process: requests go
straight to the agent's ASGI app, so no port is bound for them.
"""

import asyncio
import base64
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from signalwire import AgentBase
from signalwire.core.function_result import FunctionResult
from signalwire.core.security import session_manager as sdk_module

from sessionmanager_client import (
    InvalidArgumentError,
    ServiceSessionManager,
    SessionManagerClient,
    UnavailableError,
)
from tests.conftest import TEST_SECRET, ServerProcess, free_port, start_server

REPO = Path(__file__).resolve().parent.parent
AUTH = ("agent", "agent-password")
CALL_ID = "3f2c1a9e-7b7d-4f1e-9c1a-call-one"
AGENT_SECRET = "the-agent-s-own-secret"
REFUSAL = (
    "I'm sorry, the security token for this function is invalid or expired. "
    "I cannot execute this action."
)
LOGGER = "sessionmanager_client.signalwire"


class OrderAgent(AgentBase):
    """An agent with one secure function; its tokens come from the service."""

    def __init__(self, target: str) -> None:
        super().__init__(name="orders", route="/orders", basic_auth=AUTH)
        manager = ServiceSessionManager(target)
        self._session_manager = manager  # type: ignore[assignment]
        self.prompt_add_section("Role", "You tell callers where their order is.")
        self.set_post_prompt("Summarize the call.")
        self.lookups: list[str] = []

    @AgentBase.tool(
        name="lookup_order",
        description="Find where an order is",
        parameters={
            "type": "object",
            "properties": {"order_id": {"type": "string", "description": "Order"}},
        },
    )
    def lookup_order(
        self, args: dict[str, Any], raw_data: dict[str, Any]
    ) -> FunctionResult:
        self.lookups.append(args["order_id"])
        return FunctionResult(f"Order {args['order_id']} has shipped.")


def call_app(
    app: Any, method: str, url: str, body: Mapping[str, Any] | None = None
) -> tuple[int, Any]:
    """One HTTP request to an ASGI app: the status and the decoded JSON body.

    ``url`` may carry ``user:password@``; it is sent as basic auth.
    """
    return asyncio.run(_call_app(app, method, url, body))


async def _call_app(
    app: Any, method: str, url: str, body: Mapping[str, Any] | None
) -> tuple[int, Any]:
    parts = urlsplit(url)
    payload = b"" if body is None else json.dumps(body).encode()
    headers = [(b"host", b"localhost")]
    if body is not None:
        headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(payload)).encode()))
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        headers.append((b"authorization", b"Basic " + base64.b64encode(pair.encode())))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": parts.path,
        "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("localhost", 80),
    }
    sent: list[dict[str, Any]] = []
    done = asyncio.Event()
    pending = [{"type": "http.request", "body": payload, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop()
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if "body" in m)
    return status, json.loads(content) if content else None


def fetch_swml(agent: OrderAgent, call_id: str) -> dict[str, Any]:
    """The SWML the agent answers SignalWire's request for ``call_id`` with."""
    url = f"http://{AUTH[0]}:{AUTH[1]}@localhost/orders/"
    status, swml = call_app(
        agent.get_app(), "POST", url, {"call": {"call_id": call_id}}
    )
    assert status == 200, swml
    return cast(dict[str, Any], swml)


def ai_verb(swml: Mapping[str, Any]) -> dict[str, Any]:
    verbs = swml["sections"]["main"]
    return next(cast(dict[str, Any], verb["ai"]) for verb in verbs if "ai" in verb)


def function_url(swml: Mapping[str, Any], name: str = "lookup_order") -> str:
    functions = ai_verb(swml)["SWAIG"]["functions"]
    return next(str(f["web_hook_url"]) for f in functions if f["function"] == name)


def token_in(url: str) -> str:
    return parse_qs(urlsplit(url).query)["__token"][0]


def with_token(url: str, token: str) -> str:
    return url.split("?", 1)[0] + f"?__token={token}"


def function_call(call_id: str, order_id: str) -> dict[str, Any]:
    """The body SignalWire posts to /swaig when the AI calls lookup_order."""
    return {
        "function": "lookup_order",
        "call_id": call_id,
        "argument": {"parsed": [{"order_id": order_id}], "raw": "{}"},
    }


def drop_in(agent: OrderAgent) -> ServiceSessionManager:
    return cast(ServiceSessionManager, agent._session_manager)


def expiry_of(token: str) -> int:
    return int(base64.urlsafe_b64decode(token).decode().rsplit(".", 4)[2])


@pytest.fixture
def agent(
    server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OrderAgent]:
    # The agent gets a secret of its own, so a token it signed itself would
    # be told apart from one the service signed.
    monkeypatch.setenv("SIGNALWIRE_SWAIG_SECRET", AGENT_SECRET)
    built = OrderAgent(server.address)
    yield built
    drop_in(built).close()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[SessionManagerClient]:
    with SessionManagerClient(server.address) as client:
        yield client


@pytest.fixture
def manager(server: ServerProcess) -> Iterator[ServiceSessionManager]:
    with ServiceSessionManager(server.address) as manager:
        yield manager


# --- inside an AgentBase ---------------------------------------------------


def test_the_agent_uses_the_drop_in_everywhere(agent: OrderAgent) -> None:
    assert isinstance(agent._session_manager, ServiceSessionManager)
    # Per-call copies share the manager; they never fall back to the SDK's.
    copy = agent._create_ephemeral_copy()
    assert copy._session_manager is agent._session_manager


def test_the_swml_carries_a_token_the_service_signed(
    agent: OrderAgent, client: SessionManagerClient
) -> None:
    swml = fetch_swml(agent, CALL_ID)
    url = function_url(swml)
    token = token_in(url)
    assert client.check_token(CALL_ID, "lookup_order", token).reason == "valid"
    assert not client.validate_token("another-call", "lookup_order", token)
    # Signed with the service's secret, not with the agent's own.
    service_secret = sdk_module.SessionManager(secret_key=TEST_SECRET)
    agent_secret = sdk_module.SessionManager(secret_key=AGENT_SECRET)
    assert service_secret.validate_token(CALL_ID, "lookup_order", token)
    assert not agent_secret.validate_token(CALL_ID, "lookup_order", token)
    # The post-prompt URL's token comes from the service too.
    post_prompt_token = token_in(ai_verb(swml)["post_prompt_url"])
    assert client.validate_token(CALL_ID, "post_prompt", post_prompt_token)


def test_the_function_call_runs_with_the_swml_url(agent: OrderAgent) -> None:
    url = function_url(fetch_swml(agent, CALL_ID))
    status, answer = call_app(
        agent.get_app(), "POST", url, function_call(CALL_ID, "A-17")
    )
    assert status == 200
    assert answer == {"response": "Order A-17 has shipped."}
    assert agent.lookups == ["A-17"]


def test_wrong_tokens_get_the_sdk_refusal(
    agent: OrderAgent, manager: ServiceSessionManager
) -> None:
    url = function_url(fetch_swml(agent, CALL_ID))
    own_secret = sdk_module.SessionManager(secret_key=AGENT_SECRET)
    wrong = {
        "another call's": manager.generate_token("lookup_order", "another-call"),
        "another function's": manager.generate_token("post_prompt", CALL_ID),
        "the agent's own": own_secret.generate_token("lookup_order", CALL_ID),
        "garbage": "bm90LWEtdG9rZW4",
    }
    for kind, token in wrong.items():
        status, answer = call_app(
            agent.get_app(),
            "POST",
            with_token(url, token),
            function_call(CALL_ID, kind),
        )
        assert (status, answer) == (200, {"response": REFUSAL}), kind
    status, answer = call_app(
        agent.get_app(), "POST", url.split("?")[0], function_call(CALL_ID, "none")
    )
    assert (status, answer) == (200, {"response": REFUSAL})
    assert agent.lookups == []


def test_an_expired_token_gets_the_sdk_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGNALWIRE_SWAIG_SECRET", AGENT_SECRET)
    short = start_server(tmp_path, "--token-expiry-secs", "1")
    try:
        agent = OrderAgent(short.address)
        url = function_url(fetch_swml(agent, CALL_ID))
        token = token_in(url)
        # Expired from its expiry second on: at most a second from now.
        time.sleep(max(0.0, expiry_of(token) - time.time()) + 0.05)
        status, answer = call_app(
            agent.get_app(), "POST", url, function_call(CALL_ID, "late")
        )
        assert (status, answer) == (200, {"response": REFUSAL})
        assert agent.lookups == []
        with SessionManagerClient(short.address) as client:
            check = client.check_token(CALL_ID, "lookup_order", token)
        assert check.reason == "expired"
        drop_in(agent).close()
    finally:
        assert short.stop() == 0, short.log()


SECOND_AGENT = """\
import json
import sys

from tests.test_signalwire_dropin import OrderAgent, call_app, drop_in, function_call

address, url, call_id = sys.argv[1:4]
agent = OrderAgent(address)
status, answer = call_app(agent.get_app(), "POST", url, function_call(call_id, "B-2"))
drop_in(agent).close()
print(json.dumps({"status": status, "answer": answer, "lookups": agent.lookups}))
"""


def test_a_second_agent_process_accepts_the_first_ones_tokens(
    agent: OrderAgent, server: ServerProcess, tmp_path: Path
) -> None:
    url = function_url(fetch_swml(agent, CALL_ID))
    script = tmp_path / "second_agent.py"
    script.write_text(SECOND_AGENT, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SESSIONMANAGER_", "SIGNALWIRE_"))
    }
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, str(script), server.address, url, CALL_ID],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "status": 200,
        "answer": {"response": "Order B-2 has shipped."},
        "lookups": ["B-2"],
    }
    assert agent.lookups == []


# --- each method against the live server ------------------------------------


def test_tokens_round_trip(manager: ServiceSessionManager) -> None:
    assert manager.create_session("call-7") == "call-7"
    assert manager.create_session() != manager.create_session()
    token = manager.generate_token("get_weather", "call-7")
    assert manager.validate_token("call-7", "get_weather", token) is True
    assert manager.validate_tool_token("get_weather", token, "call-7") is True
    assert manager.validate_token("call-8", "get_weather", token) is False
    assert manager.validate_tool_token("get_time", token, "call-7") is False
    alias = manager.create_tool_token("get_weather", "call-7")
    assert alias != token and manager.validate_token("call-7", "get_weather", alias)
    assert manager.secret_key is None
    assert manager.token_expiry_secs in (899, 900)


def test_bad_tokens_are_false_not_errors(
    manager: ServiceSessionManager, caplog: pytest.LogCaptureFixture
) -> None:
    token = manager.generate_token("get_weather", "call-7")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for bad in ("", "not a token", "QUFBQQ", "A" * 5000, "\udc80"):
            assert manager.validate_token("call-7", "get_weather", bad) is False
        assert manager.validate_token("", "get_weather", token) is False
        assert manager.validate_token(cast(Any, 42), "get_weather", token) is False
        assert manager.validate_tool_token("not a name", token, "call-7") is False
    # Bad input is the caller's answer, not a service problem worth a warning.
    assert [r for r in caplog.records if r.name == LOGGER] == []


def test_minting_raises_the_clients_errors(manager: ServiceSessionManager) -> None:
    with pytest.raises(InvalidArgumentError):
        manager.generate_token("not a name", "call-7")
    with pytest.raises(InvalidArgumentError):
        manager.create_tool_token("fn", "")


def test_end_session_refuses_tokens_and_drops_metadata(
    manager: ServiceSessionManager,
) -> None:
    assert manager.activate_session("call-end") is True
    token = manager.generate_token("fn", "call-end")
    assert manager.set_session_metadata("call-end", "step", 2) is True
    assert manager.validate_token("call-end", "fn", token) is True
    assert manager.end_session("call-end") is True
    assert manager.validate_token("call-end", "fn", token) is False
    assert manager.get_session_metadata("call-end") == {}


def test_metadata_merges_key_by_key(manager: ServiceSessionManager) -> None:
    assert manager.get_session_metadata("call-meta") == {}
    assert manager.set_session_metadata("call-meta", "caller", "Ada") is True
    assert manager.set_session_metadata("call-meta", "cart", {"items": [1, 2]})
    assert manager.set_session_metadata("call-meta", "caller", "Grace")
    assert manager.get_session_metadata("call-meta") == {
        "caller": "Grace",
        "cart": {"items": [1, 2]},
    }
    manager.end_session("call-meta")


def test_debug_token_off_answers_like_the_sdk(manager: ServiceSessionManager) -> None:
    token = manager.generate_token("fn", "call-dbg")
    sdk = sdk_module.SessionManager(secret_key=TEST_SECRET)
    assert manager.debug_token(token) == sdk.debug_token(token)
    assert manager.debug_token(token) == {"error": "debug mode not enabled"}


def test_debug_token_on_has_the_sdks_shape(manager: ServiceSessionManager) -> None:
    manager._debug_mode = True
    sdk = sdk_module.SessionManager(secret_key=TEST_SECRET)
    sdk._debug_mode = True
    token = manager.generate_token("lookup_order", CALL_ID)
    ours, theirs = manager.debug_token(token), sdk.debug_token(token)
    assert ours["valid_format"] is theirs["valid_format"] is True
    assert ours["components"] == theirs["components"]
    assert ours["components"]["call_id"] == CALL_ID[:8] + "..."
    assert ours["status"]["is_expired"] is theirs["status"]["is_expired"] is False
    assert abs(ours["status"]["current_time"] - theirs["status"]["current_time"]) <= 1
    assert 898 <= ours["status"]["expires_in_seconds"] <= 900
    assert ours["status"]["signature_valid"] is True
    assert set(theirs["status"]) < set(ours["status"])
    garbage = manager.debug_token("not a token")
    assert garbage["valid_format"] is False and garbage["token_length"] == 11


def test_debug_token_with_the_server_s_debug_off(tmp_path: Path) -> None:
    quiet = start_server(tmp_path)
    try:
        with ServiceSessionManager(quiet.address) as manager:
            manager._debug_mode = True
            token = manager.generate_token("fn", "call-1")
            answer = manager.debug_token(token)
        assert answer == {
            "error": "token debugging is disabled; enable debug mode to use it"
        }
    finally:
        assert quiet.stop() == 0, quiet.log()


def test_an_unreachable_service_fails_closed(
    manager: ServiceSessionManager, caplog: pytest.LogCaptureFixture
) -> None:
    token = manager.generate_token("fn", "call-down")
    with ServiceSessionManager(f"127.0.0.1:{free_port()}", timeout=5) as down:
        down._debug_mode = True
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            assert down.validate_token("call-down", "fn", token) is False
            assert down.validate_tool_token("fn", token, "call-down") is False
        assert "error" in down.debug_token(token)
        with pytest.raises(UnavailableError):
            down.generate_token("fn", "call-down")
    warnings = [r for r in caplog.records if r.name == LOGGER]
    assert len(warnings) == 2
    assert all(r.levelno == logging.WARNING for r in warnings)
    assert "UNAVAILABLE" in warnings[0].getMessage()
    assert token[:8] in warnings[0].getMessage()
    assert token[:9] not in caplog.text


def test_a_passed_client_is_shared_not_closed(server: ServerProcess) -> None:
    with SessionManagerClient(server.address) as client:
        with ServiceSessionManager(client=client) as manager:
            assert manager.create_session("call-shared") == "call-shared"
        assert client.create_session("call-shared") == "call-shared"
    with pytest.raises(ValueError, match="client made here"):
        ServiceSessionManager(client=client, api_key="key")
    owned = ServiceSessionManager(server.address)
    owned.close()
    token = "QUFBQQ"
    assert owned.validate_token("c", "fn", token) is False
