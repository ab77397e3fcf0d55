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

test: $(STAMP) system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The store and replica tests run a real redis-server (Debian's package).
.PHONY: system-deps
system-deps:
	@command -v redis-server >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; \
		else \
			echo "redis-server is missing: run 'sudo apt-get install redis-server'" >&2; \
			exit 1; \
		fi; }

# Generated code is written by `make stubs` only, never by hand: Python by
# grpcio-tools, Go, TypeScript and Java by buf with the local plugins below
# (buf.gen.yaml). The Rust client generates its code in its build.rs.
TOOLS := .tools/bin
PROTOC_GEN_GO_VERSION := v1.36.12
PROTOC_GEN_GO_GRPC_VERSION := v1.6.2
# protoc for Java's built-in generator: the protobuf-java that grpc-java uses.
PROTOC_VERSION := 3.25.9
# The newest protoc-gen-grpc-java whose linux-x86_64 build Maven Central serves.
GRPC_JAVA_PLUGIN_VERSION := 1.83.1
PROTOC_GEN_ES := client/ts/node_modules/.bin/protoc-gen-es
BUF_GEN_DIRS := client/go/gen client/ts/src/gen client/java/src/generated
TOOL_STAMPS := $(TOOLS)/.protoc-gen-go-$(PROTOC_GEN_GO_VERSION) \
	$(TOOLS)/.protoc-gen-go-grpc-$(PROTOC_GEN_GO_GRPC_VERSION) \
	$(TOOLS)/.protoc-$(PROTOC_VERSION) \
	$(TOOLS)/.protoc-gen-grpc-java-$(GRPC_JAVA_PLUGIN_VERSION) \
	$(PROTOC_GEN_ES)

define gen_python
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m grpc_tools.protoc -Iproto \
		--python_out=$(1) --grpc_python_out=$(1) \
		--mypy_out=$(1) --mypy_grpc_out=$(1) $(PROTO)
	touch $(1)/sessionmanager/v1/__init__.py
endef

# $(1): group:artifact:version of a Maven Central executable; $(2): its name here.
define maven_exe
	@mkdir -p $(TOOLS)
	tmp=$$(mktemp -d) && \
	mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
		-Dartifact=$(1):exe:linux-x86_64 -DoutputDirectory="$$tmp" && \
	install -m 0755 "$$tmp"/*.exe $(TOOLS)/$(2) && rm -rf "$$tmp"
endef

.PHONY: tools
tools: $(TOOL_STAMPS)

$(TOOLS)/.protoc-gen-go-$(PROTOC_GEN_GO_VERSION):
	GOBIN="$(abspath $(TOOLS))" go install \
		google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	touch $@

$(TOOLS)/.protoc-gen-go-grpc-$(PROTOC_GEN_GO_GRPC_VERSION):
	GOBIN="$(abspath $(TOOLS))" go install \
		google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)
	touch $@

$(TOOLS)/.protoc-$(PROTOC_VERSION):
	$(call maven_exe,com.google.protobuf:protoc:$(PROTOC_VERSION),protoc)
	touch $@

$(TOOLS)/.protoc-gen-grpc-java-$(GRPC_JAVA_PLUGIN_VERSION):
	$(call maven_exe,io.grpc:protoc-gen-grpc-java:$(GRPC_JAVA_PLUGIN_VERSION),protoc-gen-grpc-java)
	touch $@

$(PROTOC_GEN_ES): client/ts/package-lock.json
	cd client/ts && npm ci --no-audit --no-fund
	touch $@

stubs: $(STAMP) tools
	rm -f $(PY_GEN)/*_pb2*.py $(PY_GEN)/*_pb2*.pyi
	$(call gen_python,server)
	rm -rf $(BUF_GEN_DIRS)
	$(BIN)/buf generate

# Regenerates every language into a scratch folder and compares.
stubs-check: $(STAMP) tools
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	mkdir -p "$$tmp/python/sessionmanager/v1" && \
	$(MAKE) --no-print-directory gen-python-into DEST="$$tmp/python" >/dev/null && \
	$(BIN)/buf generate -o "$$tmp/buf" && \
	stale=0 && \
	diff -r -x __pycache__ "$$tmp/python/sessionmanager/v1" $(PY_GEN) || stale=1; \
	for dir in $(BUF_GEN_DIRS); do diff -r "$$tmp/buf/$$dir" "$$dir" || stale=1; done; \
	if [ $$stale = 0 ]; then \
		echo "generated code is current"; \
	else \
		echo "generated code is stale: run 'make stubs' and commit the result" >&2; \
		exit 1; \
	fi

.PHONY: gen-python-into
gen-python-into:
	$(call gen_python,$(DEST))

# Contract changes must not break existing clients: compared with main.
BREAKING_AGAINST ?= .git\#branch=main

.PHONY: breaking
breaking: $(STAMP)
	$(BIN)/buf breaking --against '$(BREAKING_AGAINST)'

lint: $(STAMP) stubs-check breaking lint-clients
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

# The benchmarks: in process against the SDK and PyJWT, then over gRPC
# (against a no-op RPC, batching, workers and Redis, memory). Figures, JSON and
# a chart go to bench/results/. `make bench-stacks` compares the server stacks.
bench: $(STAMP) $(GHZ) system-deps
	$(BIN)/python bench/inprocess.py --json bench/results/inprocess.json \
		| tee bench/results/inprocess.md
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python bench/grpc_bench.py --out bench/results

.PHONY: bench-stacks
bench-stacks: $(STAMP) $(GHZ)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python bench/stacks.py \
		--json bench/results/stacks.json

# The other languages' formatters and vet, on the handwritten client code.
.PHONY: lint-clients
lint-clients:
	@unformatted=$$(gofmt -l client/go) && [ -z "$$unformatted" ] || \
		{ echo "gofmt would change: $$unformatted" >&2; exit 1; }
	cd client/go && go vet ./...
	cargo fmt --manifest-path client/rust/Cargo.toml --check

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/buf format -w proto
	gofmt -w client/go/sessionmanager client/go/cmd
	cargo fmt --manifest-path client/rust/Cargo.toml

clean:
	rm -rf $(VENV) .tools .mypy_cache .pytest_cache .ruff_cache
