"""The one settings object, read from ``EVENTWIRE_*`` environment variables and passed into the
app factory, the producer and the publishers. Tests build their own."""

from __future__ import annotations

import ssl
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eventwire.schemas.errors import ConfigurationError


class Settings(BaseSettings):
    """Every knob eventwire has. Each field is read from ``EVENTWIRE_<FIELD NAME>``."""

    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", frozen=True, extra="forbid")

    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Redis for shared state (dedup index) and the output streams.",
    )
    broker_url: str | None = Field(
        default=None, description="Celery broker; defaults to redis_url (amqp:// also works)."
    )
    stream_prefix: str = Field(
        default="eventwire",
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Prefix of every Redis key and stream: <prefix>:records, <prefix>:dead ...",
    )
    queue: str = Field(default="eventwire.articles", description="Celery queue of article batches.")
    stream_maxlen: int = Field(
        default=1_000_000,
        ge=1,
        description="Approximate cap (MAXLEN ~) on each output stream; must exceed consumer lag.",
    )
    published_ttl_seconds: int = Field(
        default=7 * 24 * 3600,
        ge=1,
        description="How long a published message id is remembered to drop republishing.",
    )
    seen_ttl_seconds: int = Field(
        default=7 * 24 * 3600,
        ge=1,
        description="Dedup retention: how long a fingerprint counts (up to 1/7 longer).",
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1, description="Largest accepted text or html, in UTF-8 bytes."
    )
    batch_size: int = Field(
        default=50, ge=1, le=10_000, description="Articles per queued batch (producer side)."
    )
    soft_time_limit: int = Field(
        default=20,
        ge=1,
        description="Seconds before a running batch is interrupted (it may clean up).",
    )
    hard_time_limit: int = Field(
        default=30, ge=1, description="Seconds before the process running a batch is killed."
    )
    visibility_timeout: int = Field(
        default=45,
        ge=1,
        description="Seconds before Redis redelivers an unacknowledged batch; above hard limit.",
    )
    max_retries: int = Field(default=8, ge=0, description="Retries of a transient failure.")
    retry_backoff_max: int = Field(
        default=120, ge=1, description="Upper bound of the jittered retry delay, in seconds."
    )
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto", description="'auto' is console on a terminal, JSON elsewhere."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Level of eventwire's own structured log lines."
    )

    # Event records (issue 5)
    event_ttl_seconds: int = Field(
        default=14 * 24 * 3600,
        ge=1,
        description="How long an event record stays open for new reports after the last one.",
    )
    story_window_seconds: int = Field(
        default=3 * 24 * 3600,
        ge=1,
        description="How long a story keeps gathering articles that share its anchors.",
    )
    # Near-duplicate and containment dedup (issue 3).
    dedup_near_threshold: float = Field(
        default=0.5,
        gt=0.0,
        le=1.0,
        description="Estimated Jaccard similarity of word shingles that makes a near duplicate.",
    )
    dedup_contained_threshold: float = Field(
        default=0.8,
        gt=0.0,
        le=1.0,
        description=(
            "Share of a shorter text's shingles inside a longer text that makes it contained."
        ),
    )
    # Channels (issue 6): which channels carry which message types, and each channel's knobs.
    channels: dict[str, list[str]] = Field(
        default_factory=lambda: {"redis_streams": ["*"]},
        description="JSON: channel -> message types it carries ('*' = all), e.g. "
        '{"redis_streams":["*"],"webhooks":["article_record"]}. Channels: redis_streams, '
        "rabbitmq, webhooks, nats, jsonl.",
    )
    amqp_url: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672/%2F",
        description="RabbitMQ for the rabbitmq channel (and tail --channel rabbitmq).",
    )
    amqp_exchange: str = Field(
        default="eventwire", description="Durable topic exchange the rabbitmq channel publishes to."
    )
    nats_url: str = Field(
        default="nats://127.0.0.1:4222", description="NATS server with JetStream for nats."
    )
    nats_stream: str = Field(
        default="EVENTWIRE",
        pattern=r"^[A-Za-z0-9_-]+$",
        description="JetStream stream (created if missing) holding <stream_prefix>.> subjects.",
    )
    nats_duplicate_window_seconds: int = Field(
        default=24 * 3600,
        ge=1,
        description="JetStream duplicate window of a stream eventwire creates (Nats-Msg-Id).",
    )
    webhook_endpoints: list[dict[str, Any]] = Field(
        default_factory=list,
        description='JSON list of {"url": ..., "secrets": ["whsec_..."]}; all sign (rotation).',
    )
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Timeout of one webhook POST."
    )
    webhook_max_attempts: int = Field(
        default=6, ge=1, description="Attempts per webhook message before it is dead-lettered."
    )
    webhook_backoff_seconds: float = Field(
        default=0.5, ge=0, description="First webhook retry delay; doubles, with full jitter."
    )
    webhook_backoff_max_seconds: float = Field(
        default=20.0, ge=0, description="Upper bound of one webhook retry delay."
    )
    jsonl_dir: str = Field(
        default="eventwire-out", description="Folder of the jsonl channel's <stream>.jsonl files."
    )
    jsonl_max_bytes: int = Field(
        default=100_000_000, ge=1, description="Size at which a jsonl file is rotated."
    )
    # --- Service: HTTP intake, health, metrics, live page, feeds (issue 9) ---
    api_keys: list[str] = Field(
        default_factory=list,
        description="HTTP intake API keys (JSON list); none set means every /v1 call gets 401.",
    )
    intake_host: str = Field(default="127.0.0.1", description="Address `eventwire serve` binds.")
    intake_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP intake.")
    intake_max_articles: int = Field(
        default=100, ge=1, le=10_000, description="Most articles one POST /v1/articles may carry."
    )
    intake_max_request_bytes: int = Field(
        default=5_000_000, ge=1, description="Largest POST body the intake reads (413 above)."
    )
    worker_heartbeat_seconds: float = Field(
        default=5.0,
        gt=0,
        description="How often a worker records its heartbeat; /readyz wants one in 3 periods.",
    )
    worker_metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Port where `eventwire worker` serves Prometheus metrics; unset: none.",
    )
    fetch_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Connect and read timeout of each feed fetch."
    )
    fetch_max_bytes: int = Field(
        default=5_000_000, ge=1, description="Largest response body a feed fetch reads."
    )
    fetch_max_redirects: int = Field(
        default=5, ge=0, description="Redirects a fetch follows, each checked by the SSRF guard."
    )
    fetch_allow_loopback: bool = Field(
        default=False,
        description="Let fetches reach loopback addresses (tests with a local server only).",
    )
    # Reliability (issue 7): delivery attempts, unacked restore, watchdog, back-pressure.
    max_delivery_attempts: int = Field(
        default=3,
        ge=1,
        description="Deliveries of one batch message before it is dead-lettered as poison.",
    )
    unacked_restore_interval: int = Field(
        default=2,
        ge=1,
        description="Seconds between sweeps that requeue batches of dead workers (Redis broker).",
    )
    lost_task_grace_seconds: int | None = Field(
        default=None,
        ge=1,
        description="Seconds after which a queued task neither in the queue nor unacknowledged "
        "is re-sent from the task ledger (Redis broker); must exceed visibility_timeout plus "
        "unacked_restore_interval; unset: that sum plus 60.",
    )
    unacked_mutex_expire: int = Field(
        default=30, ge=1, description="Seconds a crashed sweeper may hold kombu's restore lock."
    )
    broker_socket_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a broker command may block before it fails."
    )
    watchdog_stall_seconds: int = Field(
        default=120,
        ge=0,
        description="After this long without progress while work waits, restart the worker's "
        "consumer in place; after as long again, exit (for the supervisor to restart); 0 "
        "disables the watchdog.",
    )
    watchdog_interval_seconds: float = Field(
        default=5.0, gt=0, description="Seconds between watchdog checks."
    )
    queue_high_water: int = Field(
        default=10_000,
        ge=0,
        description="Queued batches above which producers raise OverloadedError; 0 disables.",
    )
    overload_retry_after_seconds: float = Field(
        default=5.0, gt=0, description="Retry-After that OverloadedError suggests, in seconds."
    )

    @model_validator(mode="after")
    def _watchdog_after_hard_limit(self) -> Settings:
        stall = self.watchdog_stall_seconds
        explicit = "watchdog_stall_seconds" in self.model_fields_set
        if explicit and stall and stall <= self.hard_time_limit:
            raise ConfigurationError(
                "watchdog_stall_seconds must exceed hard_time_limit (or be 0), or a worker busy "
                "with long batches is taken for a stuck one"
            )
        return self

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.soft_time_limit >= self.hard_time_limit:
            raise ConfigurationError("soft_time_limit must be below hard_time_limit")
        if self.visibility_timeout <= self.hard_time_limit:
            raise ConfigurationError(
                "visibility_timeout must exceed hard_time_limit, or Redis redelivers batches "
                "that are still running"
            )
        grace = self.lost_task_grace_seconds
        if grace is not None and grace <= self.visibility_timeout + self.unacked_restore_interval:
            raise ConfigurationError(
                "lost_task_grace_seconds must exceed visibility_timeout plus "
                "unacked_restore_interval, or the ledger re-sends tasks that kombu's own restore "
                "is about to requeue"
            )
        return self

    @property
    def lost_task_grace(self) -> int:
        """The grace the task ledger's sweep uses (see ``lost_task_grace_seconds``)."""
        if self.lost_task_grace_seconds is not None:
            return self.lost_task_grace_seconds
        return self.visibility_timeout + self.unacked_restore_interval + 60

    @property
    def broker_is_redis(self) -> bool:
        """Whether the broker is Redis (whose transport needs the task ledger)."""
        return self.broker.startswith(("redis://", "rediss://", "unix://"))

    @property
    def broker(self) -> str:
        """The broker URL in effect."""
        return self.broker_url or self.redis_url

    @property
    def broker_use_ssl(self) -> dict[str, Any] | None:
        """TLS options for a ``rediss://`` broker (Celery's ``broker_use_ssl``): check the
        server's certificate against the system's CAs. Without them kombu connects to a
        ``rediss://`` broker *without* checking the certificate, where redis-py (the stores,
        the producer's checks) does check it. ``ssl_*`` parameters in the URL replace these."""
        if self.broker.startswith("rediss://"):
            return {"ssl_cert_reqs": ssl.CERT_REQUIRED}
        return None

    @property
    def watchdog_stall_effective(self) -> float:
        """The stall time the watchdog uses: never within the hard time limit (when the default
        is kept while the hard limit is raised, the watchdog waits for the limit to pass)."""
        if not self.watchdog_stall_seconds:
            return 0.0
        return float(max(self.watchdog_stall_seconds, self.hard_time_limit + 10))

    @property
    def queue_arguments(self) -> dict[str, str] | None:
        """Arguments of the queue declaration: a quorum queue on RabbitMQ, none on Redis."""
        if self.broker.startswith(("amqp://", "amqps://", "pyamqp://")):
            return {"x-queue-type": "quorum"}
        return None

    def stream(self, name: str) -> str:
        """Redis key of an output stream, e.g. ``eventwire:records``."""
        return f"{self.stream_prefix}:{name}"
