"""A schemathesis run against the intake's own OpenAPI document: the real app (`eventwire
serve`) on the real Redis (broker and streams), a bounded number of generated requests per
operation. No request may get a 5xx, and every response must match the document (status code,
content type, headers, body schema)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.settings import Settings
from tests.integration.conftest import IntakeProcess, WorkerProcess

pytestmark = pytest.mark.integration

KEY = "schemathesis-key"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def intake(settings: Settings, tmp_path: Path) -> Iterator[IntakeProcess]:
    process = IntakeProcess(
        settings.model_copy(update={"api_keys": [KEY]}), tmp_path / "intake.log"
    )
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


class TestOpenApiConformance:
    """Generated requests against the running intake."""

    def test_no_server_error_and_no_response_outside_the_schema(
        self, intake: IntakeProcess, worker: WorkerProcess
    ) -> None:
        """With a worker running (so /readyz is ready), schemathesis (examples, coverage and
        fuzzing phases, 30 examples an operation, a fixed seed) finds no 5xx and no response
        that breaks the OpenAPI document."""
        program = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
        assert program is not None
        ARTIFACTS.mkdir(exist_ok=True)
        result = subprocess.run(
            [
                program,
                "run",
                f"{intake.url}/openapi.json",
                "--checks",
                CHECKS,
                "--max-examples",
                "30",
                "--seed",
                "20170117",
                "--workers",
                "1",
                "--phases",
                "examples,coverage,fuzzing",
                "--header",
                f"X-API-Key: {KEY}",
                "--report",
                "junit",
                "--report-junit-path",
                str(ARTIFACTS / "schemathesis-junit.xml"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
