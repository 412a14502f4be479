# The two commands: `make run` brings the portal up; `make test` runs every test.
.PHONY: run test lint

run:
	./scripts/run

test:
	./scripts/test

lint:
	./scripts/setup dev && .venv/bin/ruff check .
