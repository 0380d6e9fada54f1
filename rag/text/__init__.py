"""The record's language, shared by ingest and answering: month and council names, people's
names, section headings, list runs, and Ofsted's grade labels."""
