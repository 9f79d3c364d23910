"""The Celery app factory: delivery guarantees and limits come from the settings."""

from __future__ import annotations

import ssl

import pytest
from celery.signals import worker_init

from eventwire.schemas.errors import ConfigurationError
from eventwire.schemas.tasks import PROCESS_BATCH, PUBLISH_DEAD_LETTERS
from eventwire.settings import Settings
from eventwire.workers.app import create_app
from eventwire.workers.retry import NON_RETRYABLE, RETRYABLE


class TestCreateApp:
    """create_app(settings) builds a JSON-only, late-ack app with explicit queues."""

    def test_enrichment_data_is_built_before_the_fork(self) -> None:
        """The enrichment data is built on worker_init, in the parent before the pool forks."""
        create_app(Settings())
        assert any(
            getattr(receiver, "__name__", None) == "_warm_up"
            for _, receiver in worker_init.receivers
        )

    def test_json_only_and_late_acks(self) -> None:
        """Only JSON is accepted, tasks ack late and are rejected when their worker dies."""
        conf = create_app(Settings()).conf
        assert conf.accept_content == ["json"]
        assert conf.task_serializer == "json"
        assert conf.task_acks_late is True
        assert conf.task_reject_on_worker_lost is True
        assert conf.worker_prefetch_multiplier == 1

    def test_limits_and_visibility_come_from_settings(self) -> None:
        """Soft and hard limits and the visibility timeout are the settings' values."""
        settings = Settings(soft_time_limit=10, hard_time_limit=20, visibility_timeout=30)
        conf = create_app(settings).conf
        assert (conf.task_soft_time_limit, conf.task_time_limit) == (10, 20)
        assert conf.broker_transport_options["visibility_timeout"] == 30

    def test_unacked_batches_are_swept_back_in_seconds(self) -> None:
        """kombu sweeps unacknowledged batches every restore interval, with no throttle."""
        options = create_app(Settings(unacked_restore_interval=1)).conf.broker_transport_options
        assert options["unacked_restore_interval"] == 1
        assert options["unacked_restore_throttle"] == 1

    def test_rabbitmq_queue_is_a_quorum_queue(self) -> None:
        """On an amqp:// broker the batch queue is declared as a quorum queue."""
        app = create_app(Settings(broker_url="amqp://guest:guest@127.0.0.1:5672//"))
        (queue,) = app.conf.task_queues
        assert queue.queue_arguments == {"x-queue-type": "quorum"}

    def test_tasks_have_stable_names_on_an_explicit_queue(self) -> None:
        """Both tasks are registered under their dotted names and routed to the queue."""
        app = create_app(Settings(queue="q.test"))
        assert {PROCESS_BATCH, PUBLISH_DEAD_LETTERS} <= set(app.tasks)
        assert app.conf.task_routes[PROCESS_BATCH] == {"queue": "q.test"}
        assert app.conf.task_default_queue == "q.test"

    def test_tasks_follow_the_one_retry_policy(self) -> None:
        """Tasks retry transient errors only, with jittered backoff."""
        app = create_app(Settings(max_retries=3))
        assert app.tasks[PROCESS_BATCH].max_retries == 3
        task = app.tasks[PUBLISH_DEAD_LETTERS]
        assert tuple(task.autoretry_for) == RETRYABLE
        assert tuple(task.dont_autoretry_for) == NON_RETRYABLE
        assert task.max_retries == 3
        assert task.retry_jitter is True

    def test_broker_defaults_to_redis_url(self) -> None:
        """With no broker URL the broker is the Redis URL."""
        app = create_app(Settings(redis_url="redis://example.invalid:6380/2"))
        assert app.conf.broker_url == "redis://example.invalid:6380/2"

    def test_tls_broker_checks_certificates(self) -> None:
        """A rediss:// broker gets broker_use_ssl requiring a valid certificate (kombu's own
        default for rediss:// is not to check); other brokers get no TLS options."""
        app = create_app(Settings(redis_url="rediss://example.invalid:6380/0"))
        assert app.conf.broker_use_ssl == {"ssl_cert_reqs": ssl.CERT_REQUIRED}
        assert create_app(Settings()).conf.broker_use_ssl is None


class TestSettings:
    """Settings come from EVENTWIRE_* variables and are checked when read."""

    def test_reads_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """EVENTWIRE_STREAM_PREFIX and EVENTWIRE_BATCH_SIZE set the fields."""
        monkeypatch.setenv("EVENTWIRE_STREAM_PREFIX", "ew2")
        monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "7")
        settings = Settings()
        assert (settings.stream_prefix, settings.batch_size) == ("ew2", 7)
        assert settings.stream("records") == "ew2:records"

    def test_visibility_timeout_must_exceed_hard_limit(self) -> None:
        """A visibility timeout at or below the hard limit is refused with the reason."""
        with pytest.raises(ConfigurationError, match="visibility_timeout"):
            Settings(hard_time_limit=300, soft_time_limit=200, visibility_timeout=300)

    def test_lost_task_grace_must_outlast_kombus_own_restore(self) -> None:
        """The ledger re-sends only what kombu's restore cannot bring back: its grace must
        exceed the visibility timeout plus the restore interval; unset, it follows them."""
        with pytest.raises(ConfigurationError, match="lost_task_grace_seconds"):
            Settings(visibility_timeout=45, unacked_restore_interval=2, lost_task_grace_seconds=47)
        assert Settings(visibility_timeout=45, unacked_restore_interval=2).lost_task_grace == 107
        assert Settings(lost_task_grace_seconds=300).lost_task_grace == 300

    def test_soft_limit_must_be_below_hard_limit(self) -> None:
        """A soft limit at or above the hard limit is refused."""
        with pytest.raises(ConfigurationError, match="soft_time_limit"):
            Settings(soft_time_limit=120, hard_time_limit=120)
