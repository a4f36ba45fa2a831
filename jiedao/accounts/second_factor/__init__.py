"""The second factor of staff logins: an authenticator app (TOTP) and recovery codes,
on django-otp (docs/security.md, "Second factor").

``gate`` says who must show one and holds back the staff pages; ``devices`` reads a
user's devices and codes; ``services`` checks codes and makes every change (the API's
token endpoint calls ``services.check_second_factor``); ``pending`` is the session
between the password and the code; ``qr`` draws the set-up code; ``views`` the pages.
"""
