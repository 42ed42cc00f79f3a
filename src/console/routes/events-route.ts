import { Router } from 'express';
import { AppError } from '../../errors.js';
import { currentStaff, requireStaff } from '../auth/require-staff.js';
import type { ConsoleContext } from '../context.js';

/** `GET /console/events`: the signed-in member of staff's live event stream (SSE). */
export function eventsRoute(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/events', requireStaff(), (req, res, next) => {
    const staff = currentStaff(req);
    if (!ctx.streams.hasRoomFor(staff.username)) {
      next(new AppError('too_many_streams', 'Bạn đã mở quá nhiều cửa sổ theo dõi; hãy đóng bớt.', { status: 429 }));
      return;
    }
    ctx.streams.start(req, res, { username: staff.username, role: staff.role, departmentCode: staff.departmentCode });
  });
  return router;
}
