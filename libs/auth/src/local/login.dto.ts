import { IsString, MaxLength, MinLength } from 'class-validator';

/** Body of POST /auth/login. */
export class LoginDto {
  @IsString({ message: 'username must be a string' })
  @MinLength(1, { message: 'username must not be empty' })
  @MaxLength(128, { message: 'username must be at most 128 characters long' })
  username!: string;

  @IsString({ message: 'password must be a string' })
  @MinLength(1, { message: 'password must not be empty' })
  // bcrypt reads only the first 72 bytes; longer inputs are refused rather than silently cut.
  @MaxLength(72, { message: 'password must be at most 72 characters long' })
  password!: string;
}

export interface LoginResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds until the token expires. */
  expires_in: number;
}
