"""Webhooks: Standard Webhooks signatures, retries with backoff on 5xx/429/timeouts, none on
other 4xx, and a dead letter with the last status after the budget; against a real local HTTP
server."""

from __future__ import annotations

import base64
import time

import fakeredis
import pytest

from eventwire.channels.base import decode
from eventwire.channels.marks import PublishedMarks
from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.channels.webhooks import (
    Endpoint,
    RetryPolicy,
    WebhookPublisher,
    retryable,
    sign,
    signature_headers,
    verify,
)
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice
from tests.channels.receiver import running_receiver
from tests.replies import expect_entries

SECRET = "whsec_" + base64.b64encode(b"a secret of thirty-two bytes!!!!").decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"the previous secret, now retired").decode()


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis()


def _publisher(
    client: fakeredis.FakeRedis,
    url: str,
    max_attempts: int = 5,
    secrets: tuple[str, ...] = (SECRET,),
) -> WebhookPublisher:
    return WebhookPublisher(
        [Endpoint(url, secrets)],
        PublishedMarks(client, "wh", 3600),
        RedisStreamPublisher(client, "wh", 1000, 3600),
        timeout_seconds=2.0,
        policy=RetryPolicy(max_attempts=max_attempts, base_seconds=0.01, max_seconds=0.05),
    )


def _dead_letters(client: fakeredis.FakeRedis) -> list[DeadLetter]:
    letters = []
    for _, fields in expect_entries(client.xrange("wh:dead")):
        letter = decode(fields[b"type"].decode(), fields[b"body"])
        assert isinstance(letter, DeadLetter)
        letters.append(letter)
    return letters


class TestSignature:
    """Signatures follow the Standard Webhooks scheme."""

    def test_reference_vector(self) -> None:
        """The Standard Webhooks reference example signs to its published value."""
        secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        body = b'{"test": 2432232314}'
        assert (
            sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
            == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        )

    def test_rotation_signs_with_every_secret(self) -> None:
        """With two secrets, a receiver knowing either one verifies the message."""
        headers = signature_headers([SECRET, OLD_SECRET], "msg_1", 1_700_000_000, b"{}")
        assert len(headers["webhook-signature"].split()) == 2
        assert verify(SECRET, headers, b"{}", now=1_700_000_010)
        assert verify(OLD_SECRET, headers, b"{}", now=1_700_000_010)

    def test_verify_rejects_tampering_and_replays(self) -> None:
        """A changed body or a timestamp outside the window fails verification."""
        headers = signature_headers([SECRET], "msg_1", 1_700_000_000, b"{}")
        assert not verify(SECRET, headers, b'{"x":1}', now=1_700_000_000)
        assert not verify(SECRET, headers, b"{}", now=1_700_000_000 + 301)

    def test_secret_needs_prefix(self) -> None:
        """A secret without whsec_ is refused when the endpoint is configured."""
        with pytest.raises(ValueError, match="whsec_"):
            Endpoint("http://127.0.0.1:9/", ("plain",))


class TestRetryPolicy:
    """Which statuses are retried, and how long to wait."""

    @pytest.mark.parametrize(
        ("status", "expected"), [(500, True), (503, True), (429, True), (400, False), (404, False)]
    )
    def test_retryable(self, status: int, expected: bool) -> None:
        """5xx and 429 are retried; other 4xx are final."""
        assert retryable(status) is expected

    def test_backoff_doubles_up_to_the_cap(self) -> None:
        """With jitter at its maximum the delay doubles each attempt until the cap."""
        policy = RetryPolicy(max_attempts=6, base_seconds=1.0, max_seconds=5.0, rand=lambda: 1.0)
        assert [policy.delay(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]


class TestWebhookPublisher:
    """Delivery to a real local HTTP receiver."""

    def test_fails_three_times_then_succeeds(
        self,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
        duplicate_notice: DuplicateNotice,
    ) -> None:
        """An endpoint answering 503, 500, 429 then 200 accepts each message exactly once, with a
        valid signature, and a republish sends nothing."""
        with running_receiver([503, 500, 429, 200]) as receiver:
            publisher = _publisher(client, receiver.url)
            assert publisher.publish([article_record, duplicate_notice]) == [True, True]
            assert publisher.publish([article_record, duplicate_notice]) == [False, False]
            publisher.close()
        assert len(receiver.requests) == 5
        accepted = receiver.accepted()
        assert [r.headers["webhook-id"] for r in accepted] == [
            article_record.record_id,
            duplicate_notice.notice_id,
        ]
        for request in accepted:
            assert verify(SECRET, request.headers, request.body, now=time.time())
        assert decode("article_record", accepted[0].body) == article_record
        assert _dead_letters(client) == []

    def test_always_failing_endpoint_is_dead_lettered(
        self, client: fakeredis.FakeRedis, article_record: ArticleRecord
    ) -> None:
        """After the retry budget the message becomes a dead letter carrying the last status."""
        with running_receiver([502]) as receiver:
            publisher = _publisher(client, receiver.url, max_attempts=4)
            assert publisher.publish([article_record]) == [False]
            assert publisher.publish([article_record]) == [False]
            publisher.close()
        assert len(receiver.requests) == 4
        (letter,) = _dead_letters(client)
        assert (letter.stage, letter.reason) == ("publish", "webhook_failed")
        assert letter.payload["last_status"] == 502
        assert letter.payload["attempts"] == 4
        assert letter.payload["message_id"] == article_record.record_id
        assert letter.article_id == article_record.article.article_id

    def test_client_error_is_not_retried(
        self, client: fakeredis.FakeRedis, article_record: ArticleRecord
    ) -> None:
        """A 400 is final: one attempt, then the dead letter with status 400."""
        with running_receiver([400]) as receiver:
            publisher = _publisher(client, receiver.url)
            assert publisher.publish([article_record]) == [False]
            publisher.close()
        assert len(receiver.requests) == 1
        (letter,) = _dead_letters(client)
        assert letter.payload["last_status"] == 400

    def test_timeout_is_retried(
        self, client: fakeredis.FakeRedis, article_record: ArticleRecord
    ) -> None:
        """A receiver slower than the timeout counts as a transient failure: the next attempt,
        answered in time, delivers the message."""
        with running_receiver([200], delays=[1.5]) as receiver:
            publisher = WebhookPublisher(
                [Endpoint(receiver.url, (SECRET,))],
                PublishedMarks(client, "wh", 3600),
                RedisStreamPublisher(client, "wh", 1000, 3600),
                timeout_seconds=0.5,
                policy=RetryPolicy(max_attempts=3, base_seconds=0.01, max_seconds=0.05),
            )
            assert publisher.publish([article_record]) == [True]
            publisher.close()
        assert len(receiver.requests) == 2
        assert _dead_letters(client) == []

    def test_unreachable_endpoint_is_retried_then_dead_lettered(
        self, client: fakeredis.FakeRedis, article_record: ArticleRecord
    ) -> None:
        """Connection errors count as transient; the dead letter names the last error."""
        with running_receiver([200]) as receiver:
            url = receiver.url  # the server is gone once the block ends
        publisher = _publisher(client, url, max_attempts=3)
        assert publisher.publish([article_record]) == [False]
        publisher.close()
        (letter,) = _dead_letters(client)
        assert letter.payload["last_status"] is None
        assert "Connect" in letter.payload["last_error"]
