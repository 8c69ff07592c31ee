"""Named entities: recognising mentions in a text and linking them across documents.

``model`` holds the plain records (Mention, Entity, Link); ``normalise`` the
spelling keys names are compared on; ``gazetteer`` the curated list of known
names in ``resources/``; ``recognise`` the spaCy pipeline (the only module that
imports spaCy, and only inside functions); ``linking`` the clustering of mentions
into entities with a recorded reason for every link. Nothing here touches SQLite.
"""
