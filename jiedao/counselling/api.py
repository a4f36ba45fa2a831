"""/api/v1/counselling: booking operations and record/statistics operations."""

from ninja import Router

from jiedao.counselling.booking_api import router as booking_router
from jiedao.counselling.record_api import router as record_router

router = Router(tags=["counselling"])
router.add_router("", booking_router)
router.add_router("", record_router)
