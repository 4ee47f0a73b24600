// Placeholder replaced below
export default async function globalSetup() {}
