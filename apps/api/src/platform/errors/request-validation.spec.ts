import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './request-validation';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
  property,
  constraints,
  children,
});

describe('flattenValidationErrors', () => {
  it('joins nested properties with "." and array indexes with [n]', () => {
    const errors = [
      error('companyName', { isString: 'companyName must be a string' }),
      error('primaryContact', undefined, [error('email', { isEmail: 'email must be an email' })]),
      error('lines', undefined, [error('1', undefined, [error('quantity', { min: 'quantity must not be less than 1' })])]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'companyName', message: 'companyName must be a string' },
      { field: 'primaryContact.email', message: 'email must be an email' },
      { field: 'lines[1].quantity', message: 'quantity must not be less than 1' },
    ]);
  });

  it('lists every constraint of a field and names the body itself "(body)"', () => {
    expect(flattenValidationErrors([error('', { unknownValue: 'an unknown value was passed' })])).toEqual([
      { field: '(body)', message: 'an unknown value was passed' },
    ]);
    expect(flattenValidationErrors([error('label', { a: 'too short', b: 'not a string' })])).toHaveLength(2);
  });
});
