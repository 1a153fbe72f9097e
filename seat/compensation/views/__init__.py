"""Compensation's pages, one module per part: recording what is owed (``recording``), the
finance queue and bulk paying (``queue``), one payment's page and its steps (``payment``), what
was paid in a period and its exports (``history``)."""
