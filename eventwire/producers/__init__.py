"""Producers: the Python client and the ``eventwire produce`` command's reading of input files."""

from eventwire.producers.client import Producer, Rejection, SubmitResult, Unparsed, prepare
from eventwire.producers.files import read_payloads

__all__ = ["Producer", "Rejection", "SubmitResult", "Unparsed", "prepare", "read_payloads"]
