# SessionManager: `make run` serves, `make test` tests; both set up what they need.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PROTO := proto/sessionmanager/v1/session_manager.proto
PY_GEN := server/sessionmanager/v1
ARGS ?=
PYTEST_ARGS ?=

.PHONY: install run test stubs stubs-check lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/sessionmanager serve $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Generated code is written by this target only, never by hand.
define gen_python
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m grpc_tools.protoc -Iproto \
		--python_out=$(1) --grpc_python_out=$(1) \
		--mypy_out=$(1) --mypy_grpc_out=$(1) $(PROTO)
	touch $(1)/sessionmanager/v1/__init__.py
endef

stubs: $(STAMP)
	rm -f $(PY_GEN)/*_pb2*.py $(PY_GEN)/*_pb2*.pyi
	$(call gen_python,server)

stubs-check: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory gen-into DEST="$$tmp" && \
	if diff -r -x __pycache__ "$$tmp/sessionmanager/v1" $(PY_GEN); then \
		echo "generated code is current"; \
	else \
		echo "generated code is stale: run 'make stubs' and commit the result" >&2; \
		exit 1; \
	fi

.PHONY: gen-into
gen-into:
	mkdir -p $(DEST)/sessionmanager/v1
	$(call gen_python,$(DEST))

lint: $(STAMP) stubs-check
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/buf lint
	$(BIN)/buf format --diff --exit-code proto

# ghz, the load generator the benchmarks drive, built into the virtualenv.
GHZ := $(BIN)/ghz
GHZ_VERSION := v0.93.0

$(GHZ): | $(STAMP)
	GOBIN="$(abspath $(BIN))" go install github.com/bojand/ghz/cmd/ghz@$(GHZ_VERSION)

bench: $(STAMP) $(GHZ)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python bench/stacks.py \
		--json bench/results/stacks.json

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/buf format -w proto

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
