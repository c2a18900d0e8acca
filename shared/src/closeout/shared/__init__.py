"""Closeout's shared library: event contracts, money and the plumbing every service stands on.

It owns no data and no business rules of any one service.
"""
