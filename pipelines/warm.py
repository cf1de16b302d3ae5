"""Imported by the batch's fork server (pipelines/workers.py): the pipeline's modules and its tagger, loaded
once, so that every worker forked from the server starts with them."""

from . import process  # noqa: F401  (reader, sources, builders)
from .awardees import extract_awardees  # noqa: F401
from .metrics import extract_metrics  # noqa: F401
from .movements import extract_movements  # noqa: F401
from .tagged import shared_tagger

shared_tagger().tag("Khởi động.")
