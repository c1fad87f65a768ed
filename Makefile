# Two commands: `make run` serves everything locally, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
EMULATOR_PORT ?= 5000
PORT ?= 8000
# The browser tests drive Debian's Chromium (Playwright's own download does not work offline).
CHROMIUM ?= /usr/bin/chromium
# The stage `make package` and `make deploy` work on: dev or prod (never local).
STAGE ?= dev

.PHONY: run test check package deploy stage-setup invoke mail bench bench-sweep bench-compliance bench-cost bench-routing clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

run: $(INSTALLED)
	EMULATOR_PORT=$(EMULATOR_PORT) PORT=$(PORT) $(BIN)/python -m devtools.local

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "The browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; fi

# The tests run in TEST_WORKERS processes (pytest-xdist; tests/conftest.py says what stays together),
# each saving the AWS calls it recorded in build/test-run/; then, alone, the check of every function's
# role against all of those calls. The slowest tests are listed at the end of the first part.
TEST_WORKERS ?= 2
TEST_RUN := build/test-run

test: $(INSTALLED) $(CHROMIUM)
	@rm -rf $(TEST_RUN) && mkdir -p $(TEST_RUN)/aws-calls
	@failed=0; \
	CHROMIUM=$(CHROMIUM) ADUAN_RECORD_CALLS_TO=$(TEST_RUN)/aws-calls $(BIN)/python -m pytest -n $(TEST_WORKERS) \
		--dist loadgroup --ignore=tests/infra/test_function_permissions.py --durations=15 || failed=1; \
	echo; echo "Each function's role against every AWS call the tests above made:"; \
	ADUAN_CHECK_CALLS_FROM=$(TEST_RUN)/aws-calls $(BIN)/python -m pytest \
		tests/infra/test_function_permissions.py || failed=1; \
	if [ $$failed = 1 ]; then echo "make test: FAILED (see above)"; fi; \
	exit $$failed

# The deployable artefacts alone: both stages packaged, cfn-lint, the tables against the models,
# the functions' permissions, the package's size and imports (`make test` runs these too).
check: $(INSTALLED)
	$(BIN)/python -m pytest tests/infra

# build/$(STAGE)/: deployment.zip and sam.yaml (Chalice's template merged with infra/template.yaml)
package: $(INSTALLED)
	$(BIN)/python -m devtools.package $(STAGE)

# Needs AWS credentials and a bucket of yours in ap-southeast-3 for the code, e.g.
# make deploy STAGE=dev ARTIFACT_BUCKET=my-deployments [SMS_LIMIT_USD=100: the account's SMS defaults too]
deploy: $(INSTALLED)
	@test -n "$(ARTIFACT_BUCKET)" || (echo "usage: make deploy STAGE=dev|prod ARTIFACT_BUCKET=<bucket in ap-southeast-3>"; exit 2)
	$(BIN)/python -m devtools.package $(STAGE)
	$(BIN)/python -m devtools.deploy $(STAGE) --artifact-bucket $(ARTIFACT_BUCKET) \
		$(if $(SMS_LIMIT_USD),--sms-monthly-limit-usd $(SMS_LIMIT_USD))

# Once per new stage: reference data and the first national admin (asks for the password)
stage-setup: $(INSTALLED)
	@test -n "$(ADMIN)" -a -n "$(EMAIL)" || (echo "usage: make stage-setup STAGE=dev|prod ADMIN=<username> EMAIL=<address>"; exit 2)
	$(BIN)/python -m devtools.stage_setup $(STAGE) --admin $(ADMIN) --email $(EMAIL)

# Run one scheduled function now against the stack `make run` serves, e.g. make invoke FN=sla_sweep
invoke: $(INSTALLED)
	@test -n "$(FN)" || (echo "usage: make invoke FN=<sla_sweep|auto_close|send_notifications|daily_digest|monthly_compliance_report>"; exit 2)
	EMULATOR_PORT=$(EMULATOR_PORT) PORT=$(PORT) $(BIN)/python -m devtools.invoke $(FN)

# The e-mails and SMS the running stack has sent (read from moto)
mail: $(INSTALLED)
	EMULATOR_PORT=$(EMULATOR_PORT) $(BIN)/python -m devtools.mail

# Every benchmark below and the rest (cold start, AWS calls per request and per job item), one table of
# figures against issue 17's goals; full outputs in build/bench/ (about 15 minutes; QUICK=1: smaller worlds)
bench: $(INSTALLED)
	$(BIN)/python -m devtools.bench $(if $(ONLY),--only $(ONLY)) $(if $(QUICK),--quick)

# Benchmark: the SLA sweep's DynamoDB reads with 1,000 and 100,000 stored reports (several minutes)
bench-sweep: $(INSTALLED)
	$(BIN)/python -m devtools.bench_sweep

# Benchmark: the DynamoDB reads of a monthly compliance report with 1,000 and 100,000 reports in the month
bench-compliance: $(INSTALLED)
	$(BIN)/python -m devtools.bench_compliance

# Benchmark: what one report's life uses (DynamoDB units, Lambda time, e-mails, SMS) and the monthly
# cost at 550, 55,000 and 1,000,000 reports a day, and the busiest partitions at 1M a day (a few minutes)
bench-cost: $(INSTALLED)
	$(BIN)/python -m devtools.bench_cost

# Benchmark: topic suggestions against the labelled routing set (tuning and held-out parts): top-1/top-3
# accuracy, confidence thresholds for auto-routing, latency and the vocabulary's size (seconds)
bench-routing: $(INSTALLED)
	$(BIN)/python -m devtools.bench_routing

clean:
	rm -rf $(VENV) .pytest_cache build out
