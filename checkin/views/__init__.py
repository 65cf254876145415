"""Views, one module per audience: public pages, accounts, the patient's own pages."""
