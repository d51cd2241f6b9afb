# Two commands do all set-up (see README): `make demo` makes a film, `make test` runs the tests.
PYTHON ?= python3
IDEA ?= A lighthouse keeper finds a message in a bottle
ARGS ?=

.PHONY: demo test install
demo:
	$(PYTHON) scripts/bootstrap.py demo "$(IDEA)" $(ARGS)

test:
	$(PYTHON) scripts/bootstrap.py test $(ARGS)

install:
	$(PYTHON) scripts/bootstrap.py install
