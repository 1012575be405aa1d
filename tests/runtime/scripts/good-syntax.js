// Valid, and prints when run: --check must compile it without running it.
console.log('this script ran');
addEventListener('install', () => console.log('installed'));
