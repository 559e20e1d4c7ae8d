// The room test's thresholds are the live watch's too, so they live with the recorder (it sits
// below the room test): main/recording/thresholds.ts. Named here for the room test and the doctor.
export { ROOM_TEST, type RoomTestThresholds } from '../recording/thresholds';
