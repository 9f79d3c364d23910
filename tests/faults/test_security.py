"""Security on the real thing: a Redis ACL user with the least command set the workers need, and
no secret in any log line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.faults.conftest import Fleet
from tests.faults.harness import Ledger, articles, check

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
    """A fleet whose private Redis needs a password, and whose processes log in as an ACL user
    with only the commands in :data:`WORKER_ACL`."""
    made = Fleet(tmp_path)
    made.client.acl_setuser("default", enabled=True, passwords=[f"+{ADMIN_PASSWORD}"])
    made.redis.password = ADMIN_PASSWORD
    made.client = made.redis.client()
    made.client.execute_command(
        "ACL", "SETUSER", "eventwire", "reset", ">" + WORKER_PASSWORD, *WORKER_ACL.split()
    )
    url = f"redis://eventwire:{WORKER_PASSWORD}@127.0.0.1:{made.redis.port}/0"
    made.settings = made.settings.model_copy(update={"redis_url": url})
    return made


class TestRedisAcl:
    """The workers and the producer run as a least-privilege ACL user and never log secrets."""

    def test_least_privilege_user_and_no_secret_in_logs(self, acl_fleet: Fleet) -> None:
        """Articles flow end to end as the ACL user, Redis logs no permission refusal, and no
        log line of the worker holds the password."""
        try:
            worker = acl_fleet.worker()
            ledger = Ledger()
            ledger.submit(acl_fleet.producer(), articles(8, seed=20))
            ledger.submit(acl_fleet.producer(), [{"source": "bad", "text": 3}])
            started = time.monotonic()
            report = check(
                "ACL user", acl_fleet.client, acl_fleet.settings, ledger, started,
                expect=ledger.rejected,
            )  # fmt: skip
            report.show()
            report.assert_clean()
            assert report.published == 8
            refusals = acl_fleet.client.execute_command("ACL", "LOG")
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
                update={
                    "redis_url": f"redis://eventwire:{wrong}@127.0.0.1:{acl_fleet.redis.port}/0"
                }
            )
            worker = acl_fleet.worker(ready=False)
            time.sleep(6)
            output = worker.output()
            assert " ready." not in output
            assert wrong not in output
        finally:
            acl_fleet.close()
