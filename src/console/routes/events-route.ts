import { Router } from 'express';
import { AppError } from '../../errors.js';
import { clientNetwork } from '../../http/rate-limit.js';
import { currentStaff, requireStaff } from '../auth/require-staff.js';
import type { ConsoleContext } from '../context.js';
import { LIVE_EVENT_ROLES } from '../events/types.js';

/** `GET /console/events`: the signed-in member of staff's live event stream (officers, leads, admins) (SSE), capped per member of staff, client network and process. */
export function eventsRoute(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/events', requireStaff(LIVE_EVENT_ROLES), (req, res, next) => {
    const staff = currentStaff(req);
    const viewer = { staffId: staff.id, sessionId: req.consoleSession!.id, username: staff.username, role: staff.role, departmentCode: staff.departmentCode };
    const refusal = ctx.streams.start(req, res, viewer, clientNetwork(req));
    if (refusal === 'owner') next(new AppError('too_many_streams', 'Bạn đã mở quá nhiều cửa sổ theo dõi; hãy đóng bớt.', { status: 429 }));
    else if (refusal === 'network') next(new AppError('too_many_streams_from_address', 'Địa chỉ mạng này đã mở quá nhiều cửa sổ theo dõi.', { status: 429 }));
    else if (refusal === 'process')
      next(new AppError('streams_full', 'Hệ thống đang phục vụ quá nhiều cửa sổ theo dõi; trang sẽ tự kết nối lại.', { status: 503 }));
  });
  return router;
}
