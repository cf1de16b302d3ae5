"""baocao: Vietnamese government documents in PDF turned into clean, linked, queryable tables.

The installed package holds two parts, kept in the repository's top-level folders ``extract/`` and
``pipelines/`` and installed as ``baocao.extract`` (reading a PDF into a document model: characters, OCR,
layout, metadata, tagged entities) and ``baocao.pipelines`` (the tables, the batch, the evaluator, the CLI).
"""

__version__ = "0.1.0"
