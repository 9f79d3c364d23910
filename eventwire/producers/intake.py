"""The HTTP intake: a network entry for upstream systems that are not Python.

``POST /v1/articles`` validates with the same schemas and queues through the same
:class:`~eventwire.producers.client.Producer` as the CLI; ``GET /v1/records/{id}`` reads what the
workers published; ``/healthz`` and ``/readyz`` for orchestrators; ``/metrics`` for Prometheus;
``/live`` the live page. Build it with :func:`create_intake_app`; ``eventwire serve`` runs it.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, cast

import kombu.exceptions
import orjson
import redis
import structlog
from fastapi import Depends, FastAPI, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, Field, ValidationError

from eventwire.producers.client import Producer
from eventwire.producers.live import live_router
from eventwire.producers.metrics import ARTICLES_ACCEPTED, REQUEST_SECONDS, REQUESTS, exposition
from eventwire.producers.published import PublishedReader
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.errors import OverloadedError
from eventwire.schemas.events import EventRecord
from eventwire.schemas.messages import ArticleRecord
from eventwire.schemas.tasks import WORKER_HEARTBEATS
from eventwire.settings import Settings

log = structlog.get_logger("eventwire.intake")

API_KEY_HEADER = "X-API-Key"
RECORD_ID_PATTERN = r"^rec_[0-9a-f]{24}$"
EVENT_ID_PATTERN = r"^evt_[0-9a-f]{24}$"
WORKER_HEARTBEAT_PERIODS = 3
"""/readyz wants a worker heartbeat younger than this many heartbeat periods."""


class Accepted(BaseModel):
    """The articles were queued; these are the ids stamped on them, in request order."""

    accepted: list[str]
    count: int


class ErrorItem(BaseModel):
    """One bad field: which article of the request (0 for a single one), where, and what."""

    index: int
    loc: str
    message: str
    type: str


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str
    errors: list[ErrorItem] = Field(default_factory=list)


class Health(BaseModel):
    """The process answers."""

    status: str


class Readiness(BaseModel):
    """Whether what the intake needs answers: Redis, the broker, and recently seen workers."""

    status: str
    redis: bool
    broker: bool
    workers: int = Field(description="Worker nodes with a heartbeat in the readiness window.")


class RefusedError(Exception):
    """An HTTP error answered with a :class:`Problem` body."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[ErrorItem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.problem = Problem(detail=detail, errors=list(errors))
        self.headers = headers or {}


def _problem(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"model": Problem, "description": description}
    if headers:
        response["headers"] = headers
    return response


class KeyCheck:
    """Checks the ``X-API-Key`` header against the configured keys in constant time."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = [key.encode("utf-8") for key in keys]

    def __call__(
        self,
        key: Annotated[str | None, Depends(APIKeyHeader(name=API_KEY_HEADER, auto_error=False))],
    ) -> None:
        if not key:
            raise RefusedError(
                401,
                f"missing API key: send it in the {API_KEY_HEADER} header",
                headers={"WWW-Authenticate": "ApiKey"},
            )
        given = key.encode("utf-8", "surrogateescape")
        # Compare with every key, without stopping at a match, so the time taken says nothing
        # about which key (or how much of one) matched.
        matched = False
        for candidate in self.keys:
            matched |= hmac.compare_digest(given, candidate)
        if not matched:
            raise RefusedError(403, "API key not accepted")


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes:
    from Content-Length before reading, or while streaming when the length is absent or lies."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise RefusedError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise RefusedError(413, f"request body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise RefusedError(413, f"request body over {limit} bytes")
    return bytes(body)


def parse_articles(body: bytes, max_articles: int, max_body_bytes: int) -> list[ArticleIn]:
    """One article (a JSON object) or a batch (a JSON array of objects), every one valid, or a
    :class:`RefusedError` naming every bad field; nothing is queued from a request that has one."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        error = ErrorItem(index=0, loc="(body)", message=str(exc), type="json")
        raise RefusedError(422, "body is not JSON", [error]) from exc
    if isinstance(document, list):
        items: list[Any] = document
        if not items:
            raise RefusedError(422, "empty batch: send at least one article")
        if len(items) > max_articles:
            detail = f"batch of {len(items)} articles; at most {max_articles} allowed"
            raise RefusedError(413, detail)
    else:
        items = [document]
    articles: list[ArticleIn] = []
    errors: list[ErrorItem] = []
    for index, item in enumerate(items):
        try:
            articles.append(
                ArticleIn.model_validate(item, context={"max_body_bytes": max_body_bytes})
            )
        except ValidationError as exc:
            errors.extend(
                ErrorItem(
                    index=index,
                    loc=".".join(str(part) for part in error["loc"]) or "(article)",
                    message=error["msg"],
                    type=error["type"],
                )
                for error in exc.errors(include_url=False)
            )
    if errors:
        raise RefusedError(422, f"{len(errors)} invalid field(s)", errors)
    return articles


def enqueue(producer: Producer, articles: list[ArticleIn]) -> list[str]:
    """Queue validated articles; back-pressure from the producer or the broker becomes a 503."""
    try:
        result = producer.submit(articles)
    except OverloadedError as exc:
        raise _overloaded(str(exc), exc.retry_after_seconds) from exc
    except (redis.OutOfMemoryError, kombu.exceptions.OperationalError) as exc:
        # The broker refuses the write (Redis at its maxmemory with noeviction, which kombu
        # wraps in OperationalError) or does not answer after Celery's publish retries: either
        # way nothing was queued, and the caller should come back later.
        raise _overloaded(f"broker refuses or cannot take writes: {exc}", 1.0) from exc
    return result.accepted


def _overloaded(message: str, retry_after: float) -> RefusedError:
    return RefusedError(
        503,
        f"overloaded, retry later: {message}",
        headers={"Retry-After": str(max(1, math.ceil(retry_after)))},
    )


def _check(probe: Callable[[], object]) -> bool:
    try:
        probe()
    except Exception:  # any failure of a probe means "not ready"
        return False
    return True


def create_intake_app(
    settings: Settings, producer: Producer | None = None, client: redis.Redis | None = None
) -> FastAPI:
    """The intake service for ``settings``; tests may pass their own producer and Redis client."""
    producer = producer or Producer(settings)
    client = client or redis.Redis.from_url(
        settings.redis_url, socket_timeout=5, socket_connect_timeout=2
    )
    reader = PublishedReader(client, settings)
    require_key = Depends(KeyCheck(settings.api_keys))
    app = FastAPI(
        title="eventwire intake",
        version="1",
        summary="Queue news articles for the eventwire workers and read what they published.",
    )

    @app.exception_handler(RefusedError)
    async def _refused(request: Request, exc: Exception) -> Response:
        refusal = cast(RefusedError, exc)
        log.warning(
            "request.refused",
            path=request.url.path,
            status=refusal.status,
            detail=refusal.problem.detail,
            errors=len(refusal.problem.errors),
        )
        return JSONResponse(
            refusal.problem.model_dump(mode="json"),
            status_code=refusal.status,
            headers=refusal.headers,
        )

    @app.middleware("http")
    async def _measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "(unmatched)")
        REQUESTS.labels(route, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(route).observe(time.perf_counter() - started)
        return response

    @app.post(
        "/v1/articles",
        status_code=202,
        response_model=Accepted,
        dependencies=[require_key],
        responses={
            400: _problem("Malformed request headers."),
            401: _problem("No API key.", {"WWW-Authenticate": {"schema": {"type": "string"}}}),
            403: _problem("The API key is not accepted."),
            413: _problem("The body or the batch is too large."),
            422: _problem("The body is not JSON or an article is invalid; nothing was queued."),
            503: _problem(
                "Back-pressure: nothing was queued; retry after the given seconds.",
                {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}},
            ),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/ArticleIn"},
                                {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/ArticleIn"},
                                    "minItems": 1,
                                    "maxItems": settings.intake_max_articles,
                                },
                            ]
                        }
                    }
                },
            }
        },
    )
    async def post_articles(request: Request) -> Accepted:
        """Queue one article (a JSON object) or a batch (a JSON array). Every article is
        validated first; one invalid field refuses the whole request with 422."""
        body = await read_limited(request, settings.intake_max_request_bytes)
        articles = parse_articles(body, settings.intake_max_articles, settings.max_body_bytes)
        ids = await run_in_threadpool(enqueue, producer, articles)
        ARTICLES_ACCEPTED.labels("http").inc(len(ids))
        log.info("articles.accepted", via="http", count=len(ids), article_ids=ids)
        return Accepted(accepted=ids, count=len(ids))

    @app.get(
        "/v1/records/{record_id}",
        response_model=ArticleRecord,
        dependencies=[require_key],
        responses={
            401: _problem("No API key.", {"WWW-Authenticate": {"schema": {"type": "string"}}}),
            403: _problem("The API key is not accepted."),
            404: _problem("No such record (never published, or trimmed from the stream)."),
            503: _problem("Redis does not answer."),
        },
    )
    def get_record(
        record_id: Annotated[str, Path(pattern=RECORD_ID_PATTERN)],
    ) -> ArticleRecord:
        """The article record with this id, as the workers published it."""
        try:
            found = reader.find("records", record_id)
        except redis.RedisError as exc:
            raise RefusedError(503, f"Redis does not answer: {exc}") from exc
        if found is None or not isinstance(found.message, ArticleRecord):
            raise RefusedError(404, f"no record {record_id}")
        return found.message

    @app.get(
        "/v1/events/{event_id}",
        dependencies=[require_key],
        response_model=EventRecord,
        responses={
            401: _problem("No API key.", {"WWW-Authenticate": {"schema": {"type": "string"}}}),
            403: _problem("The API key is not accepted."),
            404: _problem("No such event (never reported, expired, or trimmed from the stream)."),
            503: _problem("Redis does not answer."),
        },
    )
    def get_event(event_id: Annotated[str, Path(pattern=EVENT_ID_PATTERN)]) -> EventRecord:
        """The latest version of the event record with this id: one real-world event merged
        across every article that reported it."""
        try:
            found = reader.find_event(event_id)
        except redis.RedisError as exc:
            raise RefusedError(503, f"Redis does not answer: {exc}") from exc
        if found is None or not isinstance(found.message, EventRecord):
            raise RefusedError(404, f"no event {event_id}")
        return found.message

    @app.get("/healthz", response_model=Health)
    def healthz() -> Health:
        """The process is up and answering."""
        return Health(status="ok")

    @app.get(
        "/readyz",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "Something it needs is down."}},
    )
    def readyz(response: Response) -> Readiness:
        """Ready when Redis and the broker answer and a worker was seen recently."""
        readiness = check_readiness(settings, client, producer)
        if readiness.status != "ready":
            response.status_code = 503
        return readiness

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        """Prometheus exposition of this process, or of the multiprocess folder."""
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(live_router(reader))
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def check_readiness(settings: Settings, client: redis.Redis, producer: Producer) -> Readiness:
    """Redis answers, the broker answers, and some worker sent a heartbeat in the window."""
    redis_ok = _check(client.ping)
    broker_ok = _check(lambda: _ping_broker(producer))
    workers = 0
    if redis_ok:
        since = time.time() - settings.worker_heartbeat_seconds * WORKER_HEARTBEAT_PERIODS
        key = f"{settings.stream_prefix}:{WORKER_HEARTBEATS}"
        try:
            workers = int(client.zcount(key, since, "+inf"))
        except redis.RedisError:
            redis_ok = False
    ready = redis_ok and broker_ok and workers > 0
    return Readiness(
        status="ready" if ready else "not ready",
        redis=redis_ok,
        broker=broker_ok,
        workers=workers,
    )


def _ping_broker(producer: Producer) -> None:
    with producer.app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus :class:`ArticleIn`, which the articles route reads by hand (to cap
    the body while streaming it) and so does not declare as a parameter."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        article = ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(article.pop("$defs", {}))
        components["ArticleIn"] = article
        app.openapi_schema = schema
    return app.openapi_schema
