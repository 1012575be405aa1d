// A syntax error on line 3: --check reports it; running reports it and exits 1.
console.log('must not run');
let x = (1 + ;
