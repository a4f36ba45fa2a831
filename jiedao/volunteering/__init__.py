"""Claiming public-service work (认领公益服务): tasks and shifts, claims with a waiting list, hours from QR sign-in and sign-out, certificates that verify."""
