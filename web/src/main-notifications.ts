// Mantine's notifications alone, for main.tsx to fetch when the first one is shown: importing the
// package there lazily would keep its whole namespace, Notifications included, in the first page's code.
export { Notifications } from '@mantine/notifications';
