"""The ground floor: the definitions Mend's data is made of, as plain Python
(a day's answers and their ranges, the questionnaires' items and scoring, the
warning signs and their triage, guidance Markdown). The models and every area
above them use these; they import nothing of Mend's but each other, and no
Django."""
