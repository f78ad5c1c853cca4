"""Delivery pages: events and sign-up (``events``), residents' timetables
(``public``), household requests (``requests``) and the gazetteer
(``addresses``). Every view checks permissions on the server
(``hearth.delivery.permissions``)."""
