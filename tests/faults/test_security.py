"""Security on the real thing: a Redis ACL user with the least command set the workers need, no
secret in any log line, and TLS (``rediss://``) to a Redis that speaks nothing else."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis
from kombu.exceptions import OperationalError

from eventwire.producers.client import broker_app
from tests.faults.conftest import Fleet
from tests.faults.harness import Ledger, TlsFiles, articles, check

pytestmark = [pytest.mark.integration, pytest.mark.faults]

ADMIN_PASSWORD = "admin-Secret-7f3a9c"  # a throwaway password of a private Redis
WORKER_PASSWORD = "worker-Secret-b81e44d2"

WORKER_ACL = (
    "on ~* &* -@all +@connection +info +select "
    "+time +get +set +del +exists +expire +pexpire +ttl +incr "
    "+lpush +rpush +brpop +llen +lrange "
    "+hset +hget +hdel +hgetall +hexists +hincrby +hkeys +hmget +hsetnx +ltrim "
    "+zadd +zrem +zrange +zrangebyscore +zrevrangebyscore +zremrangebyscore +zcard "
    "+sadd +srem +smembers +scard +multi +exec +watch +unwatch +discard "
    "+publish +subscribe +unsubscribe +psubscribe +punsubscribe "
    "+eval +evalsha +script|load +script|exists +xadd +xlen +xrange"
)
"""The ACL rule docs/reliability.md documents for the eventwire user (keep them the same)."""


@pytest.fixture
def acl_fleet(tmp_path: Path) -> Fleet:
    """A fleet whose private Redis speaks TLS only and needs a password, and whose processes
    log in as an ACL user with only the commands in :data:`WORKER_ACL`, over ``rediss://`` with
    the certificate checked against a throwaway CA."""
    made = Fleet(tmp_path, tls=TlsFiles.make(tmp_path / "tls"))
    made.client.acl_setuser("default", enabled=True, passwords=[f"+{ADMIN_PASSWORD}"])
    made.redis.password = ADMIN_PASSWORD
    made.client = made.redis.client()
    made.client.execute_command(  # type: ignore[no-untyped-call]  # redis-py: no annotations
        "ACL", "SETUSER", "eventwire", "reset", ">" + WORKER_PASSWORD, *WORKER_ACL.split()
    )
    url = made.redis.url_as("eventwire", WORKER_PASSWORD)
    made.settings = made.settings.model_copy(update={"redis_url": url})
    return made


class TestRedisAcl:
    """The workers and the producer run as a least-privilege ACL user over TLS and never log
    secrets."""

    def test_least_privilege_user_and_no_secret_in_logs(self, acl_fleet: Fleet) -> None:
        """Articles flow end to end as the ACL user over ``rediss://`` to a TLS-only Redis,
        Redis logs no permission refusal, and no log line of the worker holds the password."""
        try:
            assert acl_fleet.settings.broker.startswith("rediss://")
            plain = redis.Redis(port=acl_fleet.redis.port, socket_timeout=2)
            with pytest.raises(redis.ConnectionError):
                plain.ping()  # the port speaks TLS only, so everything below went over TLS
            worker = acl_fleet.worker()
            ledger = Ledger()
            ledger.submit(acl_fleet.producer(), articles(8, seed=20))
            ledger.submit(acl_fleet.producer(), [{"source": "bad", "text": 3}])
            started = time.monotonic()
            report = check(
                "ACL user over TLS", acl_fleet.client, acl_fleet.settings, ledger, started,
                expect=ledger.rejected,
            )  # fmt: skip
            report.show()
            report.assert_clean()
            assert report.published == 8
            refusals = acl_fleet.client.execute_command("ACL", "LOG")  # type: ignore[no-untyped-call]  # redis-py: no annotations
            assert not refusals, refusals
            worker.stop()
            output = worker.output()
            assert "article.processed" in output
            assert WORKER_PASSWORD not in output
            assert ADMIN_PASSWORD not in output
        finally:
            acl_fleet.close()

    def test_wrong_password_is_refused(self, acl_fleet: Fleet) -> None:
        """A worker with the wrong password does not start consuming, and says why without
        printing the password it tried."""
        try:
            wrong = "wrong-Secret-0000"
            acl_fleet.settings = acl_fleet.settings.model_copy(
                update={"redis_url": acl_fleet.redis.url_as("eventwire", wrong)}
            )
            worker = acl_fleet.worker(ready=False)
            time.sleep(6)
            output = worker.output()
            assert " ready." not in output
            assert wrong not in output
        finally:
            acl_fleet.close()


class TestRedisTls:
    """Certificates are checked: ``ssl_cert_reqs=required`` with the wrong CA is refused."""

    def test_untrusted_certificate_is_refused(self, tmp_path: Path) -> None:
        """A client that checks the server's certificate against another CA refuses it."""
        fleet = Fleet(tmp_path, tls=TlsFiles.make(tmp_path / "tls"))
        try:
            other = TlsFiles.make(tmp_path / "other")
            tls = fleet.redis.tls
            assert tls is not None
            url = fleet.redis.url.replace(str(tls.ca), str(other.ca))
            with pytest.raises(redis.ConnectionError, match="certificate verify failed"):
                redis.Redis.from_url(url, socket_timeout=2).ping()
        finally:
            fleet.close()

    def test_broker_url_without_tls_options_checks_the_certificate(self, tmp_path: Path) -> None:
        """A ``rediss://`` broker URL with no ``ssl_*`` parameters still has its certificate
        checked (against the system's CAs, which do not hold the throwaway one): kombu on its
        own would connect without checking."""
        fleet = Fleet(tmp_path, tls=TlsFiles.make(tmp_path / "tls"))
        try:
            bare = fleet.settings.model_copy(
                update={"redis_url": f"rediss://127.0.0.1:{fleet.redis.port}/0"}
            )
            app = broker_app(bare)
            with (
                pytest.raises(OperationalError, match="certificate verify failed"),
                app.connection_for_write() as connection,
            ):
                connection.ensure_connection(max_retries=1, interval_start=0)
            app.close()
        finally:
            fleet.close()
