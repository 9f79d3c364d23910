"""Wire contracts: the intake payload, the records eventwire publishes, and the errors it raises."""

from eventwire.schemas.article import ArticleIn, Batch, NormalisedArticle, Submission
from eventwire.schemas.base import SCHEMA_VERSION
from eventwire.schemas.enrichment import (
    ActorRef,
    CodedEvent,
    DateMention,
    Enrichment,
    Entity,
    Figure,
    Place,
    Quote,
    Span,
    Tone,
)
from eventwire.schemas.errors import (
    ConfigurationError,
    DataError,
    EventwireError,
    OverloadedError,
    TransientError,
)
from eventwire.schemas.events import EventRecord
from eventwire.schemas.messages import (
    MESSAGE_TYPES,
    ArticleRecord,
    DeadLetter,
    DedupVerdict,
    DuplicateNotice,
    FieldError,
    Message,
)

__all__ = [
    "MESSAGE_TYPES",
    "SCHEMA_VERSION",
    "ActorRef",
    "ArticleIn",
    "ArticleRecord",
    "Batch",
    "CodedEvent",
    "ConfigurationError",
    "DataError",
    "DateMention",
    "DeadLetter",
    "DedupVerdict",
    "DuplicateNotice",
    "Enrichment",
    "Entity",
    "EventRecord",
    "EventwireError",
    "FieldError",
    "Figure",
    "Message",
    "NormalisedArticle",
    "OverloadedError",
    "Place",
    "Quote",
    "Span",
    "Submission",
    "Tone",
    "TransientError",
]
