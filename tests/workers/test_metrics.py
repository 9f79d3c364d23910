"""What the worker's metrics count for the messages it publishes and the stages' timings."""

from __future__ import annotations

from prometheus_client.registry import REGISTRY

from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice
from eventwire.workers import metrics


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class TestObservePublished:
    def test_counts_each_fresh_message_once(
        self,
        article_record: ArticleRecord,
        duplicate_notice: DuplicateNotice,
        dead_letter: DeadLetter,
    ) -> None:
        """Fresh records, notices and dead letters count by type; a republished one counts as
        republished only."""
        names: tuple[tuple[str, dict[str, str]], ...] = (
            ("eventwire_records_total", {}),
            ("eventwire_duplicates_total", {"match": duplicate_notice.match}),
            (
                "eventwire_dead_letters_total",
                {"stage": dead_letter.stage, "reason": dead_letter.reason},
            ),
            ("eventwire_republished_total", {"type": "article_record"}),
        )
        before = [_value(name, **labels) for name, labels in names]
        metrics.observe_published(
            [article_record, article_record, duplicate_notice, dead_letter, article_record],
            [True, True, True, True, False],
        )
        after = [_value(name, **labels) for name, labels in names]
        assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1, 1]


class TestObserveTimings:
    def test_one_observation_per_stage(self) -> None:
        """Each stage's histogram gets one observation, in seconds, however often it is fed."""
        name = "eventwire_stage_duration_seconds"
        stages = ("validate", "test-stage")
        counts = [_value(f"{name}_count", stage=stage) for stage in stages]
        sums = [_value(f"{name}_sum", stage=stage) for stage in stages]
        for _ in range(3):
            metrics.observe_timings({"validate": 2.0, "test-stage": 500.0})
        assert [
            _value(f"{name}_count", stage=stage) - count
            for stage, count in zip(stages, counts, strict=True)
        ] == [3, 3]
        assert [
            round(_value(f"{name}_sum", stage=stage) - total, 6)
            for stage, total in zip(stages, sums, strict=True)
        ] == [0.006, 1.5]
