"""一企一策: the per-enterprise cultivation plan, assembled once (`content`) and written as .docx and .pdf."""
