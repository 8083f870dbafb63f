"""Read: a filing in any envelope (plain text, EDGAR full submission, HTML) -> the typed deal model.

``ingest`` turns bytes into plain text, ``tables`` finds the fixed-width tables by layout,
``narrative`` reads the facts stated in prose, ``parse`` builds the ``Deal`` and
``completeness`` lists what a complete filing of its kind would state and this one lacks.
"""
