// Shown in the header, so a reviewer can tell which release a browser has loaded.
export const RELEASE_BANNER = 'Spring collection';
