export type Clock = () => Date;
export const realTime: Clock = () => new Date();
