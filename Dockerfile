# One image for every eventwire service: worker (default), producer and Flower.
FROM python:3.11-slim

# Extras to install with the project; the default includes Flower so the same image can serve the
# monitoring UI. Build with --build-arg EXTRAS= for a worker-only image.
ARG EXTRAS=flower

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# hatchling needs README.md (the project's readme) besides the package itself.
COPY pyproject.toml README.md ./
COPY eventwire/ ./eventwire/
# ${EXTRAS:+...} drops the brackets when EXTRAS is empty: pip rejects ".[]".
RUN pip install ".${EXTRAS:+[$EXTRAS]}"

# Sample input for the one-shot `produce` service (read relative to /app).
COPY examples/ ./examples/

RUN useradd --create-home --uid 10001 --user-group eventwire
USER eventwire

CMD ["eventwire", "worker"]
