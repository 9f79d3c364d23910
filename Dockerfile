# One image for every eventwire service: worker (default), producer and Flower.

# The builder stage compiles the wheel: hatch_build.py compiles the hot pipeline modules with
# mypyc (docs/performance.md), which needs a C compiler that python:3.11-slim does not have.
# Build with --build-arg EVENTWIRE_PURE=1 for a pure-Python wheel.
FROM python:3.11-slim AS build

ARG EVENTWIRE_PURE=

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# hatchling needs README.md (the project's readme) and hatch_build.py besides the package.
COPY pyproject.toml README.md hatch_build.py ./
COPY eventwire/ ./eventwire/
RUN EVENTWIRE_PURE="$EVENTWIRE_PURE" pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# The runtime stage: the wheel and its dependencies, no compiler.
FROM python:3.11-slim

# Extras to install with the project; the default includes Flower so the same image can serve the
# monitoring UI. Build with --build-arg EXTRAS= for a worker-only image.
ARG EXTRAS=flower

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY --from=build /wheels/ /wheels/
# ${EXTRAS:+...} drops the brackets when EXTRAS is empty: pip rejects "wheel[]".
RUN wheel="$(echo /wheels/eventwire-*.whl)" \
    && pip install "${wheel}${EXTRAS:+[$EXTRAS]}" \
    && rm -rf /wheels

# Sample input for the one-shot `produce` service (read relative to /app).
COPY examples/ ./examples/

RUN useradd --create-home --uid 10001 --user-group eventwire
USER eventwire

CMD ["eventwire", "worker"]
