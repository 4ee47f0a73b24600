import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';

const SEND_JSON = 'send {"username": "...", "password": "..."} with Content-Type: application/json';

/**
 * Body of POST /auth/login. The login pipe stops at each field's first failure, and
 * class-validator runs a property's decorators bottom-up: the presence check is last here so
 * it runs first, and a missing field is reported as missing rather than as too long.
 */
export class LoginDto {
  @MaxLength(128, { message: 'username must be at most 128 characters long' })
  @MinLength(1, { message: 'username must not be empty' })
  @IsString({ message: 'username must be a string' })
  @IsDefined({ message: `username is missing: ${SEND_JSON}` })
  username!: string;

  // bcrypt hashes (still accepted) read only the first 72 bytes; longer inputs are refused
  // rather than silently cut, and the hash command refuses them too.
  @MaxLength(72, { message: 'password must be at most 72 characters long' })
  @MinLength(1, { message: 'password must not be empty' })
  @IsString({ message: 'password must be a string' })
  @IsDefined({ message: `password is missing: ${SEND_JSON}` })
  password!: string;
}

export interface LoginResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds until the token expires. */
  expires_in: number;
}
